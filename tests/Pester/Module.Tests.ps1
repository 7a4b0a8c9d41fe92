# The module's contract: manifest, exported commands, output types, help, parameter surfaces.
BeforeAll {
    $manifestPath = $env:OLARES_TEST_MODULE
    $module = Import-Module $manifestPath -PassThru -Force
    $manifest = Import-PowerShellDataFile $manifestPath
}

Describe 'The Olares module' {
    It 'declares both editions and PowerShell 5.1' {
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
    }

    It 'exports exactly the documented cmdlets and nothing else' {
        $expected = 'Connect-Olares', 'Disconnect-Olares', 'Get-OlaresProfile', 'Get-OlaresUser', 'Use-OlaresProfile'
        $expected += 'Get-OlaresChildItem', 'Get-OlaresFileContent', 'Get-OlaresFile', 'Send-OlaresFile', 'Remove-OlaresFile', 'New-OlaresFolder', 'Copy-OlaresItem', 'Move-OlaresItem', 'Rename-OlaresItem'
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
        Test-Path (Join-Path $root 'Dependencies/Core/Microsoft.Extensions.Http.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'bin/Core/Microsoft.Extensions.Http.dll') | Should -BeFalse
    }

    It 'loads its third-party dependencies into its own load context' {
        # Forces Core to need Microsoft.Extensions.Http (a session is built on first use).
        $null = Get-OlaresProfile -ErrorAction SilentlyContinue
        $asm = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Olares.Core' }
        $asm | Should -Not -BeNullOrEmpty
        $http = [Olares.Http.OlaresSession].Assembly.GetReferencedAssemblies() | Where-Object Name -eq 'Microsoft.Extensions.Http'
        $http | Should -Not -BeNullOrEmpty
    }

    It 'declares an output type on every cmdlet' -ForEach @(
        @{ Name = 'Connect-Olares'; Type = 'Olares.PowerShell.Output.OlaresProfileInfo' }
        @{ Name = 'Get-OlaresProfile'; Type = 'Olares.PowerShell.Output.OlaresProfileInfo' }
        @{ Name = 'Use-OlaresProfile'; Type = 'Olares.PowerShell.Output.OlaresProfileInfo' }
        @{ Name = 'Get-OlaresUser'; Type = 'Olares.PowerShell.Output.OlaresUser' }
        @{ Name = 'Get-OlaresChildItem'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'Get-OlaresFileContent'; Type = 'System.String' }
        @{ Name = 'Get-OlaresFile'; Type = 'System.IO.FileInfo' }
        @{ Name = 'Send-OlaresFile'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'New-OlaresFolder'; Type = 'Olares.PowerShell.Output.OlaresItem' }
        @{ Name = 'Copy-OlaresItem'; Type = 'Olares.PowerShell.Output.OlaresTask' }
        @{ Name = 'Move-OlaresItem'; Type = 'Olares.PowerShell.Output.OlaresTask' }
        @{ Name = 'Rename-OlaresItem'; Type = 'Olares.PowerShell.Output.OlaresItem' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Contain $Type
    }

    It 'has help with a synopsis and an example for every cmdlet' -ForEach @(
        'Connect-Olares', 'Disconnect-Olares', 'Get-OlaresProfile', 'Get-OlaresUser', 'Use-OlaresProfile',
        'Get-OlaresChildItem', 'Get-OlaresFileContent', 'Get-OlaresFile', 'Send-OlaresFile', 'Remove-OlaresFile', 'New-OlaresFolder',
        'Copy-OlaresItem', 'Move-OlaresItem', 'Rename-OlaresItem' | ForEach-Object { @{ Name = $_ } }
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
        foreach ($name in 'Get-OlaresChildItem', 'Get-OlaresFileContent', 'Get-OlaresFile', 'Send-OlaresFile', 'Remove-OlaresFile', 'New-OlaresFolder', 'Copy-OlaresItem', 'Move-OlaresItem', 'Rename-OlaresItem') {
            (Get-Command $name).Parameters.Keys | Should -Contain 'Profile' -Because $name
        }
    }

    It 'keeps the parameter surface of <Name>' -ForEach @(
        @{ Name = 'Connect-Olares'; Parameters = 'OlaresId', 'Credential', 'Totp', 'RefreshToken', 'Name', 'AuthUrl', 'ServiceUrlTemplate', 'LocalUrlPrefix', 'SkipCertificateCheck', 'NoSwitch', 'Force', 'PassThru' }
        @{ Name = 'Get-OlaresProfile'; Parameters = 'Name', 'Current' }
        @{ Name = 'Use-OlaresProfile'; Parameters = 'Name', 'Previous', 'PassThru' }
        @{ Name = 'Disconnect-Olares'; Parameters = 'Name', 'WhatIf', 'Confirm' }
        @{ Name = 'Get-OlaresUser'; Parameters = 'Profile' }
        @{ Name = 'Get-OlaresChildItem'; Parameters = 'Path', 'Recurse', 'Profile' }
        @{ Name = 'Get-OlaresFileContent'; Parameters = 'Path', 'AsByteStream', 'Profile' }
        @{ Name = 'Get-OlaresFile'; Parameters = 'Path', 'Destination', 'Overwrite', 'Resume', 'ThrottleLimit', 'Profile' }
        @{ Name = 'Send-OlaresFile'; Parameters = 'Path', 'Destination', 'ChunkSize', 'ThrottleLimit', 'Node', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Remove-OlaresFile'; Parameters = 'Path', 'Recurse', 'Force', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'New-OlaresFolder'; Parameters = 'Path', 'Parents', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Copy-OlaresItem'; Parameters = 'Path', 'Destination', 'Recurse', 'Node', 'NoWait', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Move-OlaresItem'; Parameters = 'Path', 'Destination', 'Node', 'NoWait', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
        @{ Name = 'Rename-OlaresItem'; Parameters = 'Path', 'NewName', 'PassThru', 'Profile', 'WhatIf', 'Confirm' }
    ) {
        $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
        $actual = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }
        ($actual | Sort-Object) | Should -Be ($Parameters | Sort-Object)
    }
}
