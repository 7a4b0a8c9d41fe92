# The module's contract: manifest, exported commands, output types, help, parameter surfaces.
BeforeAll {
    $manifestPath = $env:OLARES_TEST_MODULE
    $module = Import-Module $manifestPath -PassThru -Force
    $manifest = Import-PowerShellDataFile $manifestPath
    $marketCmdlets = 'Get-OlaresApp', 'Get-OlaresAppStatus', 'Install-OlaresApp', 'Update-OlaresApp', 'Uninstall-OlaresApp', 'Stop-OlaresApp',
        'Resume-OlaresApp', 'Restart-OlaresApp', 'Stop-OlaresAppOperation', 'Copy-OlaresApp', 'Import-OlaresAppChart', 'Remove-OlaresAppVersion'
    $filesCmdlets = 'Get-OlaresChildItem', 'Get-OlaresFileContent', 'Get-OlaresFile', 'Send-OlaresFile', 'Remove-OlaresFile', 'New-OlaresFolder',
        'Copy-OlaresItem', 'Move-OlaresItem', 'Rename-OlaresItem', 'Get-OlaresRepo'
    $restCmdlets = 'Invoke-OlaresRestMethod', 'Get-OlaresSystemInfo', 'Get-OlaresAppCategory'
}

Describe 'The Olares module' {
    It 'declares both editions and PowerShell 5.1' {
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
    }

    It 'exports exactly the documented cmdlets and nothing else' {
        $expected = 'Connect-Olares', 'Disconnect-Olares', 'Get-OlaresProfile', 'Get-OlaresUser', 'Use-OlaresProfile'
        $expected += $marketCmdlets
        $expected += $filesCmdlets
        $expected += $restCmdlets
        ($module.ExportedCommands.Keys | Sort-Object) | Should -Be ($expected | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
    }

    It 'lists every exported cmdlet in the manifest (no wildcards)' {
        ($manifest.CmdletsToExport | Sort-Object) | Should -Be ($module.ExportedCmdlets.Keys | Sort-Object)
    }

    It 'ships assemblies for both editions and keeps third-party ones apart' {
        $root = Split-Path $manifestPath
        Test-Path (Join-Path $root 'bin/Core/Olares.PowerShell.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'bin/Desktop/Olares.PowerShell.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'Dependencies/Core/System.Security.Cryptography.ProtectedData.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'bin/Core/System.Security.Cryptography.ProtectedData.dll') | Should -BeFalse
        Test-Path (Join-Path $root 'Dependencies/Core/Microsoft.Extensions.Http.dll') | Should -BeFalse
    }

    It 'loads its third-party dependencies into its own load context, beside another version' {
        Import-Module (Join-Path $PSScriptRoot 'OlaresTestHelpers.psm1')
        $emulator = Start-TestEmulator
        $testHome = New-TestHome
        try {
            # A fresh process where another "module" already put a Microsoft.Extensions.Http into the default context.
            $out = Invoke-InChildPwsh -Script @"
`$env:OLARES_CLI_HOME='$($env:OLARES_CLI_HOME)'; `$env:OLARES_CLI_DATA_DIR='$($env:OLARES_CLI_DATA_DIR)'
`$null = [System.Reflection.Emit.AssemblyBuilder]::DefineDynamicAssembly([System.Reflection.AssemblyName]::new('Microsoft.Extensions.Http, Version=1.0.0.0'), 'Run')
Connect-Olares -OlaresId alice@olares.com -Credential ([pscredential]::new('alice', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))) -ServiceUrlTemplate '$($emulator.Template)'
'USER=' + (Get-OlaresUser).Name
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Microsoft.Extensions.Http', 'Olares.Core' } |
    ForEach-Object { 'ASM={0}|{1}|{2}' -f `$_.GetName().Name, `$_.GetName().Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
"@
            $text = $out -join "`n"
            $text | Should -Match 'USER=alice'
            # The handler chain is built by hand: nothing from Microsoft.Extensions.* is loaded for a login and a call.
            $text | Should -Not -Match 'ASM=Microsoft.Extensions.Http\|8'
            $text | Should -Match 'ASM=Microsoft.Extensions.Http\|1\.0\.0\.0\|Default'
            # Our own assembly stays in the default context, so scripts can name its types.
            $text | Should -Match 'ASM=Olares.Core\|[0-9.]+\|Default'
        }
        finally {
            Stop-TestEmulator $emulator
            Remove-TestHome $testHome
        }
    }

    It 'declares an output type on every cmdlet' -ForEach @(
        @{ Name = 'Connect-Olares'; Type = 'Olares.PowerShell.Output.OlaresProfileInfo' }
        @{ Name = 'Get-OlaresProfile'; Type = 'Olares.PowerShell.Output.OlaresProfileInfo' }
        @{ Name = 'Use-OlaresProfile'; Type = 'Olares.PowerShell.Output.OlaresProfileInfo' }
        @{ Name = 'Get-OlaresUser'; Type = 'Olares.PowerShell.Output.OlaresUser' }
        @{ Name = 'Get-OlaresApp'; Type = 'Olares.PowerShell.Output.OlaresApp' }
        @{ Name = 'Get-OlaresAppStatus'; Type = 'Olares.PowerShell.Output.OlaresAppStatus' }
        'Install-OlaresApp', 'Update-OlaresApp', 'Uninstall-OlaresApp', 'Stop-OlaresApp', 'Resume-OlaresApp', 'Restart-OlaresApp',
        'Stop-OlaresAppOperation', 'Copy-OlaresApp', 'Import-OlaresAppChart' | ForEach-Object { @{ Name = $_; Type = 'Olares.PowerShell.Output.OlaresAppOperationResult' } }
        @{ Name = 'Get-OlaresChildItem'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'Get-OlaresFileContent'; Type = 'System.String' }
        @{ Name = 'Get-OlaresFile'; Type = 'System.IO.FileInfo' }
        @{ Name = 'Send-OlaresFile'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'New-OlaresFolder'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'Copy-OlaresItem'; Type = 'Olares.PowerShell.Output.OlaresTask' }
        @{ Name = 'Move-OlaresItem'; Type = 'Olares.PowerShell.Output.OlaresTask' }
        @{ Name = 'Rename-OlaresItem'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'Get-OlaresRepo'; Type = 'Olares.PowerShell.Output.OlaresRepo' }
        @{ Name = 'Get-OlaresAppCategory'; Type = 'Olares.PowerShell.Output.OlaresAppCategory' }
        @{ Name = 'Get-OlaresSystemInfo'; Type = 'Olares.PowerShell.Output.OlaresSystemInfo' }
        @{ Name = 'Invoke-OlaresRestMethod'; Type = 'System.Management.Automation.PSObject' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain $Type
    }

    It 'has help with a synopsis and an example for every cmdlet' -ForEach @(
        'Connect-Olares', 'Disconnect-Olares', 'Get-OlaresProfile', 'Get-OlaresUser', 'Use-OlaresProfile' | ForEach-Object { @{ Name = $_ } }
        'Get-OlaresApp', 'Get-OlaresAppStatus', 'Install-OlaresApp', 'Update-OlaresApp', 'Uninstall-OlaresApp', 'Stop-OlaresApp', 'Resume-OlaresApp',
        'Restart-OlaresApp', 'Stop-OlaresAppOperation', 'Copy-OlaresApp', 'Import-OlaresAppChart', 'Remove-OlaresAppVersion' | ForEach-Object { @{ Name = $_ } }
        'Get-OlaresChildItem', 'Get-OlaresFileContent', 'Get-OlaresFile', 'Send-OlaresFile', 'Remove-OlaresFile', 'New-OlaresFolder',
        'Copy-OlaresItem', 'Move-OlaresItem', 'Rename-OlaresItem', 'Get-OlaresRepo' | ForEach-Object { @{ Name = $_ } }
        'Invoke-OlaresRestMethod', 'Get-OlaresSystemInfo', 'Get-OlaresAppCategory' | ForEach-Object { @{ Name = $_ } }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Connect-Olares \['
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
    }

    It 'takes passwords and tokens only as PSCredential or SecureString' {
        (Get-Command Connect-Olares).Parameters['Credential'].ParameterType | Should -Be ([pscredential])
        (Get-Command Connect-Olares).Parameters['RefreshToken'].ParameterType | Should -Be ([securestring])
        foreach ($command in $module.ExportedCmdlets.Values) {
            foreach ($p in $command.Parameters.Values) {
                if ($p.Name -match 'Password|Token|Secret') {
                    $p.ParameterType | Should -BeIn @([securestring], [pscredential]) -Because "$($command.Name) -$($p.Name)"
                }
            }
        }
    }

    It 'gives every server cmdlet a -Profile parameter' {
        (Get-Command Get-OlaresUser).Parameters.Keys | Should -Contain 'Profile'
        foreach ($name in $marketCmdlets) { (Get-Command $name).Parameters.Keys | Should -Contain 'Profile' -Because $name }
        foreach ($name in $filesCmdlets) { (Get-Command $name).Parameters.Keys | Should -Contain 'Profile' -Because $name }
        foreach ($name in $restCmdlets) { (Get-Command $name).Parameters.Keys | Should -Contain 'Profile' -Because $name }
    }

    It 'keeps the parameter surface of <Name>' -ForEach @(
        @{ Name = 'Connect-Olares'; Parameters = 'OlaresId', 'Credential', 'Totp', 'RefreshToken', 'Name', 'AuthUrl', 'ServiceUrlTemplate', 'LocalUrlPrefix', 'SkipCertificateCheck', 'NoSwitch', 'Force', 'PassThru', 'WhatIf', 'Confirm' }
        @{ Name = 'Get-OlaresProfile'; Parameters = 'Name', 'Current' }
        @{ Name = 'Use-OlaresProfile'; Parameters = 'Name', 'Previous', 'Scope', 'PassThru', 'WhatIf', 'Confirm' }
        @{ Name = 'Disconnect-Olares'; Parameters = 'Name', 'WhatIf', 'Confirm' }
        @{ Name = 'Get-OlaresUser'; Parameters = 'Profile' }
        @{ Name = 'Get-OlaresApp'; Parameters = 'Name', 'Installed', 'Source', 'Category', 'Profile' }
        @{ Name = 'Get-OlaresAppStatus'; Parameters = 'Name', 'Source', 'Wait', 'Timeout', 'PollInterval', 'Profile' }
        @{ Name = 'Install-OlaresApp'; Parameters = 'Name', 'Version', 'Env', 'ComputeMode', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Update-OlaresApp'; Parameters = 'Name', 'Version', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Uninstall-OlaresApp'; Parameters = 'Name', 'Cascade', 'DeleteData', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Stop-OlaresApp'; Parameters = 'Name', 'Cascade', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Resume-OlaresApp'; Parameters = 'Name', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Restart-OlaresApp'; Parameters = 'Name', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Stop-OlaresAppOperation'; Parameters = 'Name', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Copy-OlaresApp'; Parameters = 'Name', 'Title', 'Env', 'EntranceTitle', 'Source', 'Wait', 'Timeout', 'PollInterval', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Import-OlaresAppChart'; Parameters = 'Path', 'Source', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Remove-OlaresAppVersion'; Parameters = 'Name', 'Version', 'Source', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Get-OlaresChildItem'; Parameters = 'Path', 'Recurse', 'Profile' }
        @{ Name = 'Get-OlaresFileContent'; Parameters = 'Path', 'AsByteStream', 'Profile' }
        @{ Name = 'Get-OlaresFile'; Parameters = 'Path', 'Destination', 'Overwrite', 'Resume', 'ThrottleLimit', 'Profile' }
        @{ Name = 'Send-OlaresFile'; Parameters = 'Path', 'Destination', 'ChunkSize', 'ThrottleLimit', 'Node', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Remove-OlaresFile'; Parameters = 'Path', 'Recurse', 'Force', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'New-OlaresFolder'; Parameters = 'Path', 'Parents', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Copy-OlaresItem'; Parameters = 'Path', 'Destination', 'Recurse', 'Node', 'NoWait', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Move-OlaresItem'; Parameters = 'Path', 'Destination', 'Node', 'NoWait', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Rename-OlaresItem'; Parameters = 'Path', 'NewName', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Get-OlaresRepo'; Parameters = 'Name', 'Type', 'Id', 'Profile' }
        @{ Name = 'Get-OlaresAppCategory'; Parameters = 'Name', 'Source', 'Profile' }
        @{ Name = 'Get-OlaresSystemInfo'; Parameters = 'Cached', 'Profile' }
        @{ Name = 'Invoke-OlaresRestMethod'; Parameters = 'Service', 'Path', 'Uri', 'Method', 'Body', 'ContentType', 'Headers', 'OutFile', 'InFile', 'Raw', 'Anonymous', 'SkipHttpErrorCheck', 'StatusCodeVariable', 'ResponseHeadersVariable', 'Profile' }
    ) {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $actual = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }
        ($actual | Sort-Object) | Should -Be ($Parameters | Sort-Object)
    }
}
