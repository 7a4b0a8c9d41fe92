# The module's contract: manifest, exported commands, output types, -Profile, help, README. The expectations are derived
# from the built assembly by reflection, so a new cmdlet is checked without editing this file, and a cmdlet missing
# from the manifest, the README or its help fails here.
BeforeDiscovery {
    $discovered = Import-Module $env:OLARES_TEST_MODULE -PassThru -Force
    $cmdletCases = @($discovered.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $manifestPath = $env:OLARES_TEST_MODULE
    $module = Import-Module $manifestPath -PassThru -Force
    $manifest = Import-PowerShellDataFile $manifestPath
    $assembly = $module.NestedModules | Where-Object Name -eq 'Olares.PowerShell' | ForEach-Object ImplementingAssembly
    # Every public [Cmdlet] class of the assembly, as Verb-Noun.
    $cmdletClasses = @($assembly.GetExportedTypes() | ForEach-Object {
            $attribute = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) | Select-Object -First 1
            if ($attribute -and -not $_.IsAbstract) { [pscustomobject]@{ Name = "$($attribute.VerbName)-$($attribute.NounName)"; Type = $_ } }
        })
    # The cmdlets that manage profiles on this machine; every other cmdlet talks to a server as some profile.
    $profileCmdlets = 'Connect-Olares', 'Disconnect-Olares', 'Get-OlaresProfile', 'Use-OlaresProfile'
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'The Olares module' {
    It 'declares both editions and PowerShell 5.1' {
        $manifest.CompatiblePSEditions | Should -Be @('Core', 'Desktop')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.DotNetFrameworkVersion | Should -Be '4.7.2'
    }

    It 'finds the cmdlet classes to check' {
        $cmdletClasses.Count | Should -BeGreaterThan 20
    }

    It 'exports exactly its [Cmdlet] classes, and the manifest lists exactly those (no wildcards)' {
        ($module.ExportedCmdlets.Keys | Sort-Object) | Should -Be ($cmdletClasses.Name | Sort-Object)
        ($manifest.CmdletsToExport | Sort-Object) | Should -Be ($cmdletClasses.Name | Sort-Object)
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'carries the version of Directory.Build.props' {
        $props = [xml](Get-Content (Join-Path $PSScriptRoot '../../Directory.Build.props'))
        $manifest.ModuleVersion | Should -Be $props.Project.PropertyGroup.Version
    }

    It 'has package metadata and no link that points nowhere' {
        $psData = $manifest.PrivateData.PSData
        $psData.Tags | Should -Contain 'PSEdition_Core'
        $psData.Tags | Should -Contain 'PSEdition_Desktop'
        $psData.ReleaseNotes | Should -Match $manifest.ModuleVersion
        # No public home exists yet: a ProjectUri, LicenseUri or HelpInfoURI would be invented.
        $psData.Keys | Should -Not -Contain 'ProjectUri'
        $psData.Keys | Should -Not -Contain 'LicenseUri'
        $manifest.Keys | Should -Not -Contain 'HelpInfoURI'
        Get-Content (Join-Path (Split-Path $manifestPath) 'LICENSE') -Raw | Should -Match '^MIT License'
    }

    It 'ships assemblies for both editions and keeps everything else apart' {
        $root = Split-Path $manifestPath
        foreach ($edition in 'Core', 'Desktop') {
            (Get-ChildItem (Join-Path $root "bin/$edition") -Filter *.dll).Name | Sort-Object | Should -Be @('Olares.Core.dll', 'Olares.PowerShell.dll')
            Test-Path (Join-Path $root "Dependencies/$edition/Olares.Dpapi.dll") | Should -BeTrue
        }
        Test-Path (Join-Path $root 'Dependencies/Core/System.Security.Cryptography.ProtectedData.dll') | Should -BeTrue
    }

    It '<Name> declares an output type that is public and, when it is ours, has a view' -ForEach $cmdletCases {
        $outputTypes = @((Get-Command $Name).OutputType)
        $outputTypes.Count | Should -BeGreaterThan 0
        foreach ($t in $outputTypes) {
            if ($t.Name -eq 'System.Void') { continue }
            $t.Type | Should -Not -BeNullOrEmpty -Because "$Name declares $($t.Name), which must resolve to a type"
            $t.Type.IsPublic | Should -BeTrue
            if ($t.Name -like 'Olares.*') { Get-FormatData -TypeName $t.Name | Should -Not -BeNullOrEmpty -Because "$($t.Name) needs a default view" }
        }
    }

    It 'gives every cmdlet that talks to a server a -Profile parameter' {
        $servers = @($cmdletClasses.Name | Where-Object { $_ -notin $profileCmdlets })
        $servers.Count | Should -BeGreaterThan 15
        foreach ($name in $servers) { (Get-Command $name).Parameters.Keys | Should -Contain 'Profile' -Because $name }
    }

    It 'has help for every cmdlet: synopsis, description, two examples, every parameter described' {
        foreach ($name in $cmdletClasses.Name) {
            $help = Get-Help $name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty -Because $name
            $help.Synopsis | Should -Not -Match "^\s*$name \[" -Because "$name has a written synopsis, not the generated syntax"
            @($help.Description).Count | Should -BeGreaterThan 0 -Because $name
            @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2 -Because $name
            $own = (Get-Command $name).Parameters.Keys | Where-Object { $_ -notin $common }
            foreach ($p in $own) {
                $described = ($help.Parameters.Parameter | Where-Object Name -eq $p).Description.Text -join ' '
                $described | Should -Not -BeNullOrEmpty -Because "$name -$p"
            }
        }
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

    It 'lists every cmdlet in the README table, and only parameters that exist' {
        $readme = Get-Content (Join-Path $PSScriptRoot '../../README.md')
        $rows = @($readme | Where-Object { $_ -match '^\|\s*`[A-Z][a-z]+-Olares' })
        $listed = [System.Collections.Generic.HashSet[string]]::new()
        foreach ($row in $rows) {
            $first = ($row -split '(?<!\\)\|')[1]
            $names = @([regex]::Matches($first, '\b[A-Z][a-z]+-Olares[A-Za-z]*') | ForEach-Object Value)
            foreach ($n in $names) {
                $null = $listed.Add($n)
                $n | Should -BeIn $cmdletClasses.Name -Because "README lists $n"
            }
            foreach ($p in [regex]::Matches($first, '(?<![\w-])-([A-Z][A-Za-z]+)') | ForEach-Object { $_.Groups[1].Value }) {
                $owners = @($names | Where-Object { (Get-Command $_).Parameters.ContainsKey($p) })
                $owners.Count | Should -BeGreaterThan 0 -Because "README's row for $($names -join ', ') mentions -$p"
            }
        }
        foreach ($name in $cmdletClasses.Name) { $listed | Should -Contain $name -Because "README's cmdlet table needs a row for $name" }
    }
}
