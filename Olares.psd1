@{
    RootModule             = 'Olares.psm1'
    ModuleVersion          = '0.1.0'
    GUID                   = '5d0f7c3e-8c1b-4f0e-9a57-0e4f3c6b2a91'
    Author                 = 'Olares for PowerShell contributors'
    CompanyName            = 'Olares for PowerShell contributors'
    Copyright              = '(c) Olares for PowerShell contributors. MIT License.'
    Description            = 'Olares from PowerShell: profiles and login shared with olares-cli, files and the app market, with access tokens rotated transparently across runspaces and processes.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Core', 'Desktop')
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('Olares.format.ps1xml', 'Olares.Files.format.ps1xml', 'Olares.Market.format.ps1xml', 'Olares.Rest.format.ps1xml')
    CmdletsToExport        = @(
        'Connect-Olares'
        'Disconnect-Olares'
        'Get-OlaresProfile'
        'Use-OlaresProfile'
        'Get-OlaresUser'
        'Get-OlaresApp'
        'Get-OlaresAppStatus'
        'Install-OlaresApp'
        'Update-OlaresApp'
        'Uninstall-OlaresApp'
        'Stop-OlaresApp'
        'Resume-OlaresApp'
        'Restart-OlaresApp'
        'Stop-OlaresAppOperation'
        'Copy-OlaresApp'
        'Import-OlaresAppChart'
        'Remove-OlaresAppVersion'
        'Get-OlaresChildItem'
        'Get-OlaresFileContent'
        'Get-OlaresFile'
        'Send-OlaresFile'
        'Remove-OlaresFile'
        'New-OlaresFolder'
        'Copy-OlaresItem'
        'Move-OlaresItem'
        'Rename-OlaresItem'
        'Get-OlaresRepo'
        'Get-OlaresAppCategory'
        'Get-OlaresSystemInfo'
        'Invoke-OlaresRestMethod'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Olares', 'olares-cli', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'macOS')
            ProjectUri   = 'https://github.com/beclab/Olares'
            ReleaseNotes = 'Profiles and login shared with olares-cli.'
        }
    }
}
