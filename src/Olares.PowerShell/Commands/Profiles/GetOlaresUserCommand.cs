using System;
using System.Management.Automation;
using Olares.Desktop;
using Olares.PowerShell.Output;

namespace Olares.PowerShell.Commands.Profiles
{
    /// <summary>
    /// <para type="synopsis">Shows who the server says you are (olares-cli's "profile whoami").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresUser")]
    [OutputType(typeof(OlaresUser))]
    public sealed class GetOlaresUserCommand : OlaresServiceCmdlet
    {
        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var connection = Connection;
                var session = connection.OpenSession();
                var user = Run(ct => DesktopClient.GetUserInfoAsync(session, ct));
                try
                {
                    connection.Update(p =>
                    {
                        p.OwnerRole = user.OwnerRole;
                        p.WhoamiRefreshedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    }, Cancellation);
                }
                catch (Olares.Errors.OlaresException e)
                {
                    WriteDebug("Could not cache the role in config.json: " + e.Message);
                }

                WriteObject(new OlaresUser
                {
                    OlaresId = connection.Key,
                    Name = user.Name,
                    OwnerRole = user.OwnerRole,
                    TerminusName = user.TerminusName ?? connection.Id.TerminusName,
                    Profile = connection.Key,
                });
            });
        }
    }
}
