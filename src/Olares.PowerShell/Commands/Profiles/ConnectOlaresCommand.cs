using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using Olares.Errors;
using Olares.Identity;
using Olares.PowerShell.Infrastructure;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Profiles
{
    /// <summary>
    /// <para type="synopsis">Logs in to an Olares server and saves the login as a profile shared with olares-cli.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Olares", DefaultParameterSetName = PasswordSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OlaresProfileInfo))]
    public sealed class ConnectOlaresCommand : OlaresCmdlet
    {
        private const string PasswordSet = "Password";
        private const string RefreshTokenSet = "RefreshToken";

        /// <summary>The identity, e.g. alice@olares.com (a bare name means @olares.com).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string OlaresId { get; set; } = string.Empty;

        /// <summary>The password; prompted for securely when omitted in an interactive session.</summary>
        [Parameter(ParameterSetName = PasswordSet, Position = 1)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>The current two-factor (TOTP) code, when the account needs one.</summary>
        [Parameter(ParameterSetName = PasswordSet)]
        [ValidatePattern("^\\s*[0-9]{6,8}\\s*$")]
        public string? Totp { get; set; }

        /// <summary>Imports an existing grant by its refresh token instead of logging in with a password.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RefreshTokenSet)]
        public SecureString? RefreshToken { get; set; }

        /// <summary>A display name (alias) for the profile.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Replaces the derived auth service URL.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AuthUrl { get; set; }

        /// <summary>Where every service lives, with {service} standing for auth, desktop, files, market...; e.g. http://127.0.0.1:5000/{service}.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServiceUrlTemplate { get; set; }

        /// <summary>A development label inserted into every host name (e.g. "dev.").</summary>
        [Parameter]
        public string? LocalUrlPrefix { get; set; }

        /// <summary>Skips TLS certificate checks for this profile (self-signed servers only).</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>Keeps the current profile current.</summary>
        [Parameter]
        public SwitchParameter NoSwitch { get; set; }

        /// <summary>Logs in again even when a live login is stored.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Outputs the profile.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            OlaresId id;
            try
            {
                id = Olares.Identity.OlaresId.Parse(OlaresId);
            }
            catch (OlaresException e)
            {
                ThrowOlaresError(e);
                return;
            }

            var service = new LoginService(Context);
            var request = new LoginRequest(id)
            {
                Name = Name,
                Totp = Totp?.Trim(),
                RefreshToken = RefreshToken,
                AuthUrl = AuthUrl,
                ServiceUrlTemplate = ServiceUrlTemplate,
                LocalUrlPrefix = LocalUrlPrefix,
                InsecureSkipVerify = SkipCertificateCheck.IsPresent,
                NoSwitch = NoSwitch.IsPresent,
                Force = Force.IsPresent,
            };

            Try(() =>
            {
                // A platform-issued identity cannot log in, not even with -Force or -WhatIf: say so before anything is asked.
                service.EnsureNotManaged(id, import: ParameterSetName == RefreshTokenSet);
                var action = ParameterSetName == RefreshTokenSet ? "Import the login and save it as a profile" : "Log in and save the login as a profile";
                if (!ShouldProcess(id.Value, action)) return;
                if (ParameterSetName == PasswordSet)
                {
                    // Ask for the password only after the cheap local checks, so a refused overwrite costs no prompt.
                    if (!Force.IsPresent) service.EnsureWritable(id);
                    request.Password = Credential?.Password ?? PromptPassword(id);
                    request.PromptTotp = () => OnPipelineThread(c => ((ConnectOlaresCommand)c).PromptTotp(id));
                }

                var result = Run(ct => service.LoginAsync(request, ct));
                var display = result.Profile.DisplayName;
                var said = (ParameterSetName == RefreshTokenSet ? "Imported the login of " : "Logged in as ") + result.Profile.OlaresId +
                    (display == result.Profile.OlaresId ? string.Empty : " (profile " + display + ")") +
                    (result.User?.OwnerRole == null ? string.Empty : ", role " + result.User.OwnerRole) +
                    "; token stored via " + result.TokenBackend + ".";
                if (result.IsCurrent && result.PreviousProfile != null)
                {
                    said += " It is now the current profile (Use-OlaresProfile -Previous switches back to " + result.PreviousProfile + ").";
                }
                else if (!result.IsCurrent)
                {
                    said += " The current profile stays as it was; use it with -Profile " + display + ".";
                }

                // Said on the host (the information stream, like Write-Host), so a runbook log shows what happened
                // while the output stays empty without -PassThru.
                WriteInformation(new HostInformationMessage { Message = said }, new[] { "PSHOST" });

                if (PassThru.IsPresent)
                {
                    var state = Context.StateOf(result.Profile, result.IsCurrent, DateTimeOffset.UtcNow);
                    WriteObject(OlaresProfileInfo.From(state, Context.Resolve(result.Profile)));
                }
            });
        }

        private SecureString PromptPassword(OlaresId id)
        {
            PSCredential? typed = null;
            try
            {
                // PromptForCredential refuses in a non-interactive host before it writes anything, so no prompt text
                // ends up in a runbook's log.
                typed = Host.UI.PromptForCredential("Connect-Olares", "Password for " + id.Value, id.Value, string.Empty);
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is HostException || e is NotImplementedException || e is InvalidOperationException)
            {
                ThrowTerminatingError(ErrorMapping.ToErrorRecord("OlaresCredentialRequired", ErrorCategory.InvalidArgument,
                    "A password is needed to log in as " + id.Value + " and this host cannot prompt for one. Pass it with -Credential.",
                    id.Value, "Connect-Olares -OlaresId " + id.Value + " -Credential (Get-Credential " + id.Value + ")", e));
            }

            if (typed == null || typed.Password == null || typed.Password.Length == 0)
            {
                ThrowTerminatingError(ErrorMapping.ToErrorRecord("OlaresEmptyPassword", ErrorCategory.InvalidArgument,
                    "The password is empty.", id.Value, "Connect-Olares -OlaresId " + id.Value));
            }

            return typed!.Password!;
        }

        /// <summary>Returns the code typed by the user, or null when the host cannot prompt.</summary>
        private string? PromptTotp(OlaresId id)
        {
            try
            {
                var fields = new Collection<FieldDescription> { new FieldDescription("Code") };
                var answers = Host.UI.Prompt("Connect-Olares", "Two-factor code for " + id.Value, fields);
                return answers != null && answers.TryGetValue("Code", out var code) ? code?.BaseObject?.ToString() ?? string.Empty : null;
            }
            catch (Exception e) when (e is PSInvalidOperationException || e is HostException || e is NotImplementedException || e is InvalidOperationException)
            {
                return null;
            }
        }
    }
}
