@{
    RootModule             = 'Olares.psm1'
    ModuleVersion          = '0.1.0'  # build.ps1 writes the version of Directory.Build.props here
    GUID                   = '5d0f7c3e-8c1b-4f0e-9a57-0e4f3c6b2a91'
    Author                 = 'Olares for PowerShell contributors'
    CompanyName            = 'Olares for PowerShell contributors'
    Copyright              = '(c) Olares for PowerShell contributors. MIT License.'
    Description            = 'Olares from PowerShell: profiles and login shared with olares-cli, files and the app market, with access tokens rotated transparently across runspaces and processes.'
    # 5.1 for Windows PowerShell; on PowerShell 7 the loader (Olares.psm1) requires 7.4, the first on .NET 8.
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Olares.format.ps1xml', 'Olares.Files.format.ps1xml', 'Olares.Market.format.ps1xml', 'Olares.Rest.format.ps1xml')
    CmdletsToExport        = @()  # build.ps1 writes the [Cmdlet] classes of Olares.PowerShell here
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            # No ProjectUri, LicenseUri or HelpInfoURI: the module has no public home yet, and a link that points
            # nowhere is worse than none. The license is the LICENSE file in the package.
            Tags         = @('Olares', 'olares-cli', 'selfhosted', 'files', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'macOS')
            ReleaseNotes = @'
0.1.0
- Profiles and login shared with olares-cli (config.json, token store, refresh lock): Connect-Olares,
  Disconnect-Olares, Get-OlaresProfile, Use-OlaresProfile, Get-OlaresUser.
- Access tokens rotated transparently, once per stale token across runspaces and processes (olares-cli included).
- Files: list, read, download and upload (chunked, resumable), remove, create folders, copy, move, rename.
- App market: list, status, install, update, uninstall, stop, resume, restart, cancel, clone, chart upload and delete.
- Typed errors with stable ids and a recommended action (Get-Help about_Olares_Errors).
'@
        }
    }
}
