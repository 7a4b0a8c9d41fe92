using Olares.Configuration;
using Olares.Errors;
using Xunit;

namespace Olares.Tests.Configuration
{
    public sealed class CliConfigTests
    {
        private static ProfileConfig P(string olaresId, string? name = null) => new ProfileConfig { OlaresId = olaresId, Name = name };

        private static CliConfig Config(string? current, string? previous, params ProfileConfig[] profiles) =>
            new CliConfig { CurrentProfile = current, PreviousProfile = previous, Profiles = profiles.ToList() };

        [Fact]
        public void FindProfile_ExactNameBeatsOlaresId()
        {
            var config = Config(null, null, P("bob"), P("x@y.z", "bob"));
            Assert.Equal("x@y.z", config.FindProfile("bob")!.OlaresId);
            Assert.Equal("x@y.z", config.FindProfile("x@y.z")!.OlaresId);
            Assert.Null(config.FindProfile("BOB"));
            Assert.Null(config.FindProfile(""));
        }

        [Fact]
        public void Current_EmptyMeansFirst_StaleMeansNone()
        {
            Assert.Null(Config(null, null).Current());
            Assert.Equal("a@o.com", Config(null, null, P("a@o.com"), P("b@o.com")).Current()!.OlaresId);
            Assert.Equal("b@o.com", Config("b@o.com", null, P("a@o.com"), P("b@o.com")).Current()!.OlaresId);
            Assert.Null(Config("gone", null, P("a@o.com")).Current());
        }

        [Fact]
        public void SetCurrent_StoresDisplayName_AndRecordsPrevious()
        {
            var config = Config("a@o.com", null, P("a@o.com"), P("b@o.com", "work"));
            config.SetCurrent("b@o.com");
            Assert.Equal("work", config.CurrentProfile);
            Assert.Equal("a@o.com", config.PreviousProfile);
        }

        [Fact]
        public void SetCurrent_Dash_TogglesBack()
        {
            var config = Config("a@o.com", null, P("a@o.com"), P("b@o.com"));
            config.SetCurrent("b@o.com");
            config.SetCurrent("-");
            Assert.Equal(("a@o.com", "b@o.com"), (config.CurrentProfile, config.PreviousProfile));
            config.SetCurrent("-");
            Assert.Equal(("b@o.com", "a@o.com"), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void SetCurrent_Dash_WithoutPrevious_IsTyped()
        {
            var config = Config("a@o.com", null, P("a@o.com"));
            var e = Assert.Throws<OlaresException>(() => config.SetCurrent("-"));
            Assert.Equal("OlaresNoPreviousProfile", e.ErrorId);
            Assert.Equal(OlaresErrorKind.InvalidOperation, e.Kind);
        }

        [Fact]
        public void SetCurrent_Unknown_IsProfileNotFound_AndChangesNothing()
        {
            var config = Config("a@o.com", "b@o.com", P("a@o.com"), P("b@o.com"));
            Assert.Throws<OlaresProfileNotFoundException>(() => config.SetCurrent("nobody"));
            Assert.Equal(("a@o.com", "b@o.com"), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void SetCurrent_Dash_ToARemovedPrevious_IsProfileNotFound()
        {
            var config = Config("a@o.com", "gone", P("a@o.com"));
            Assert.Throws<OlaresProfileNotFoundException>(() => config.SetCurrent("-"));
        }

        [Fact]
        public void SetCurrent_SameProfile_KeepsPrevious()
        {
            var config = Config("a@o.com", "b@o.com", P("a@o.com", "home"), P("b@o.com"));
            config.SetCurrent("home");
            Assert.Equal(("home", "b@o.com"), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void SetCurrent_FromImplicitFirst_RecordsItAsPrevious()
        {
            var config = Config(null, null, P("a@o.com"), P("b@o.com"));
            config.SetCurrent("b@o.com");
            Assert.Equal(("b@o.com", "a@o.com"), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void Remove_Current_FallsBackToValidPrevious()
        {
            var config = Config("b@o.com", "c@o.com", P("a@o.com"), P("b@o.com"), P("c@o.com"));
            Assert.True(config.Remove("b@o.com"));
            Assert.Equal(("c@o.com", (string?)null), (config.CurrentProfile, config.PreviousProfile));
            Assert.Equal(2, config.Profiles.Count);
        }

        [Fact]
        public void Remove_Current_WithStalePrevious_FallsBackToFirstRemaining()
        {
            var config = Config("b@o.com", "gone", P("a@o.com", "first"), P("b@o.com"));
            Assert.True(config.Remove("b@o.com"));
            Assert.Equal("first", config.CurrentProfile);
        }

        [Fact]
        public void Remove_ImplicitCurrent_FallsBackToPrevious()
        {
            var config = Config(null, "c@o.com", P("a@o.com"), P("b@o.com"), P("c@o.com"));
            Assert.True(config.Remove("a@o.com"));
            Assert.Equal("c@o.com", config.CurrentProfile);
        }

        [Fact]
        public void Remove_Last_LeavesNoCurrent()
        {
            var config = Config("a@o.com", null, P("a@o.com"));
            Assert.True(config.Remove("a@o.com"));
            Assert.Null(config.CurrentProfile);
            Assert.Null(config.Current());
        }

        [Fact]
        public void Remove_Previous_ClearsIt_AndKeepsCurrent()
        {
            var config = Config("a@o.com", "bee", P("a@o.com"), P("b@o.com", "bee"));
            Assert.True(config.Remove("b@o.com"));
            Assert.Equal(("a@o.com", (string?)null), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void Remove_ByName_AndUnknown()
        {
            var config = Config("a@o.com", null, P("a@o.com"), P("b@o.com", "bee"));
            Assert.False(config.Remove("nobody"));
            Assert.True(config.Remove("bee"));
            Assert.Single(config.Profiles);
            Assert.Equal("a@o.com", config.CurrentProfile);
        }

        [Fact]
        public void Upsert_New_AppendsACopy_AndBecomesCurrentWhenThereIsNone_EvenWithoutSwitch()
        {
            var config = new CliConfig();
            var incoming = P("a@o.com");
            var stored = config.Upsert(incoming, switchTo: false);
            Assert.NotSame(incoming, stored);
            Assert.Equal("a@o.com", config.CurrentProfile);
            Assert.Null(config.PreviousProfile);
        }

        [Fact]
        public void Upsert_NoSwitch_KeepsAnExistingCurrent()
        {
            var config = Config("a@o.com", null, P("a@o.com"));
            config.Upsert(P("b@o.com"), switchTo: false);
            Assert.Equal(("a@o.com", (string?)null), (config.CurrentProfile, config.PreviousProfile));
            Assert.Equal(new[] { "a@o.com", "b@o.com" }, config.Profiles.Select(p => p.OlaresId));
        }

        [Fact]
        public void Upsert_NoSwitch_StaleCurrent_IsReplaced()
        {
            var config = Config("gone", null, P("a@o.com"));
            config.Upsert(P("b@o.com", "bee"), switchTo: false);
            Assert.Equal("bee", config.CurrentProfile);
        }

        [Fact]
        public void Upsert_Switch_MovesOldCurrentToPrevious()
        {
            var config = Config("a@o.com", null, P("a@o.com"));
            config.Upsert(P("b@o.com", "bee"), switchTo: true);
            Assert.Equal(("bee", "a@o.com"), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void Upsert_Switch_ToTheCurrentProfile_KeepsPrevious()
        {
            var config = Config("a@o.com", "b@o.com", P("a@o.com"), P("b@o.com"));
            config.Upsert(P("a@o.com"), switchTo: true);
            Assert.Equal(("a@o.com", "b@o.com"), (config.CurrentProfile, config.PreviousProfile));
        }

        [Fact]
        public void Upsert_Existing_MergesInPlace()
        {
            var existing = new ProfileConfig
            {
                OlaresId = "a@o.com",
                Name = "home",
                AuthUrlOverride = "https://auth.example",
                LocalUrlPrefix = "dev.",
                InsecureSkipVerify = true,
                OwnerRole = "owner",
                WhoamiRefreshedAt = 10,
                BackendVersion = "1.12.0",
            };
            var config = Config("home", null, P("z@o.com"), existing, P("y@o.com"));

            var stored = config.Upsert(new ProfileConfig { OlaresId = "a@o.com", LocalUrlPrefix = "test.", InsecureSkipVerify = false, OwnerRole = "admin" }, switchTo: false);

            Assert.Same(existing, stored);
            Assert.Same(existing, config.Profiles[1]);
            Assert.Equal(3, config.Profiles.Count);
            Assert.Equal("home", stored.Name);
            Assert.Equal("https://auth.example", stored.AuthUrlOverride);
            Assert.Equal("test.", stored.LocalUrlPrefix);
            Assert.True(stored.InsecureSkipVerify);
            Assert.Equal("admin", stored.OwnerRole);
            Assert.Equal(10, stored.WhoamiRefreshedAt);
            Assert.Equal("1.12.0", stored.BackendVersion);
        }

        [Fact]
        public void Upsert_InsecureSkipVerify_CanTurnOn()
        {
            var config = Config(null, null, P("a@o.com"));
            Assert.True(config.Upsert(new ProfileConfig { OlaresId = "a@o.com", InsecureSkipVerify = true }, false).InsecureSkipVerify);
        }

        [Fact]
        public void Upsert_Rename_CurrentAndPreviousPointersFollow()
        {
            var config = Config("old", "b@o.com", P("a@o.com", "old"), P("b@o.com"));
            config.Upsert(P("a@o.com", "new"), switchTo: false);
            Assert.Equal("new", config.CurrentProfile);
            Assert.Equal("a@o.com", config.Current()!.OlaresId);

            config.SetCurrent("b@o.com");
            config.Upsert(P("a@o.com", "newer"), switchTo: false);
            Assert.Equal("newer", config.PreviousProfile);
        }

        [Fact]
        public void Upsert_BlankOlaresId_IsRejected()
        {
            Assert.Throws<OlaresArgumentException>(() => new CliConfig().Upsert(new ProfileConfig(), true));
        }

        [Fact]
        public void DisplayName_IsNameOrOlaresId()
        {
            Assert.Equal("a@o.com", P("a@o.com").DisplayName);
            Assert.Equal("a@o.com", P("a@o.com", "").DisplayName);
            Assert.Equal("home", P("a@o.com", "home").DisplayName);
        }
    }
}
