namespace Olares.Emulator;

/// <summary>
/// One emulated Olares service, mounted under "/{Name}" (the client reaches it through the URL template
/// http://127.0.0.1:PORT/{service}).
/// To add a service: create one file with a non-abstract class that implements this interface and has a
/// parameterless constructor. <see cref="EmulatorServer"/> discovers it by reflection; nothing else to edit.
/// Inside <see cref="Map"/>: call <c>group.RequireOlaresAuth()</c> (or per endpoint) to require the
/// X-Authorization token, read the user with <c>httpContext.GetOlaresUserName()</c>, and use
/// <c>.WithFailureTarget("name")</c> to make an endpoint a target of /_admin/fail.
/// Handlers must be delegates returning IResult/values (not plain RequestDelegate) so endpoint filters run.
/// </summary>
internal interface IEmulatorService
{
    /// <summary>Route prefix without slashes, e.g. "auth", "desktop", "files", "market", "_admin".</summary>
    string Name { get; }

    /// <summary>Maps the endpoints; <paramref name="group"/> is already prefixed with "/{Name}".</summary>
    void Map(RouteGroupBuilder group, EmulatorState state);
}
