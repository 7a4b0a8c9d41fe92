# Get-Help as users see it: the syntax PowerShell itself prints, switches, aliases, defaults, pipeline input,
# INPUTS/OUTPUTS, no -Online that points nowhere, and the about topics (with every error id the code can raise).
BeforeDiscovery {
    $discovered = Import-Module $env:OLARES_TEST_MODULE -PassThru -Force
    $cmdletCases = @($discovered.ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    $module = Import-Module $env:OLARES_TEST_MODULE -PassThru -Force
    $repo = Join-Path $PSScriptRoot '../../..'
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

    # The SYNTAX lines of Get-Help's text, one per parameter set, unwrapped.
    function Get-HelpSyntax([string] $Name) {
        $text = Get-Help $Name | Out-String -Width 10000
        $block = [regex]::Match($text, '(?s)\nSYNTAX\r?\n(.*?)\r?\n\s*DESCRIPTION').Groups[1].Value
        @($block -split '\r?\n' | ForEach-Object Trim | Where-Object { $_ })
    }

    # Type names differ only in spelling between the two (<String[]> in help, <string[]> from Get-Command).
    # Types and enumerations ({Process | CurrentUser}, as help prints them) compare as <T>.
    function Format-Syntax([string] $Line) { ($Line -replace '<[^>]+>', '<T>' -replace '\{[^{}]*\|[^{}]*\}', '<T>' -replace '\s+', ' ').Trim() }

    # Error ids the code can raise: string literals "Olares..." in src (not in doc comments, not cmdlet nouns, not
    # type names) and the ids of the loader's errors.
    function Get-CodeErrorId {
        $nouns = $module.ExportedCmdlets.Values.Noun
        $ids = foreach ($file in Get-ChildItem (Join-Path $repo 'src') -Recurse -Filter *.cs) {
            foreach ($line in Get-Content $file.FullName) {
                if ($line -match '^\s*//' -or $line -match '\[Cmdlet\(') { continue }
                [regex]::Matches($line, '"(Olares[A-Z][A-Za-z0-9]*)"') | ForEach-Object { $_.Groups[1].Value }
            }
        }
        $ids += [regex]::Matches((Get-Content (Join-Path $repo 'module/Olares.psm1') -Raw), "New-OlaresLoadError '(Olares[A-Za-z0-9]+)'") | ForEach-Object { $_.Groups[1].Value }
        @($ids | Where-Object { $_ -notin $nouns -and $_ -notlike '*Exception' } | Sort-Object -Unique)
    }
}

Describe 'Cmdlet help' {
    It '<Name>: the syntax is the one PowerShell prints, switches as [-Switch]' -ForEach $cmdletCases {
        $help = @(Get-HelpSyntax $Name)
        $expected = @((Get-Command $Name -Syntax) -split '\r?\n' | ForEach-Object Trim | Where-Object { $_ })
        $help.Count | Should -Be $expected.Count
        for ($i = 0; $i -lt $help.Count; $i++) { Format-Syntax $help[$i] | Should -Be (Format-Syntax $expected[$i]) -Because "help says: $($help[$i])" }
        ($help -join ' ') | Should -Not -Match 'SwitchParameter'
    }

    It '<Name>: every parameter states its type, aliases, default, position and pipeline input as the code has them' -ForEach $cmdletCases {
        $command = Get-Command $Name
        foreach ($p in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
            $h = Get-Help $Name -Parameter $p.Name
            $because = "$Name -$($p.Name)"
            $h.type.name | Should -Be $p.ParameterType.FullName -Because $because
            $aliases = if ($p.Aliases.Count) { $p.Aliases -join ', ' } else { 'None' }
            $h.aliases | Should -Be $aliases -Because $because
            $h.defaultValue | Should -Not -BeNullOrEmpty -Because $because
            if ($p.SwitchParameter) { $h.defaultValue | Should -Be 'False' -Because $because }
            $sets = @($p.ParameterSets.Values)
            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $byName = [bool]($sets | Where-Object ValueFromPipelineByPropertyName)
            $h.pipelineInput | Should -Be $(if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }) -Because $because
            $positions = @($sets | Where-Object { $_.Position -ge 0 } | ForEach-Object Position)
            $h.position | Should -Be $(if ($positions.Count -gt 0) { [string]$positions[0] } else { 'named' }) -Because $because
            $h.required | Should -Be ([string][bool]($sets | Where-Object IsMandatory)).ToLowerInvariant() -Because $because
            $h.globbing | Should -Be ([string][bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToLowerInvariant() -Because $because
        }
    }

    It 'reads default values from the cmdlets' {
        (Get-Help Get-OlaresFile -Parameter ThrottleLimit).defaultValue | Should -Be ([string](Get-Command Get-OlaresFile).ImplementingType::new().ThrottleLimit)
        (Get-Help Get-OlaresFile -Parameter ThrottleLimit).defaultValue | Should -Be '4'
        (Get-Help Install-OlaresApp -Parameter Timeout).defaultValue | Should -Be '900'
        (Get-Help Install-OlaresApp -Parameter PollInterval).defaultValue | Should -Be '2'
        (Get-Help Remove-OlaresFile -Parameter Force).defaultValue | Should -Be 'False'
        (Get-Help Send-OlaresFile -Parameter LiteralPath).aliases | Should -Be 'LP, PSPath, FullName'
    }

    It '<Name>: INPUTS say what binds from the pipeline, OUTPUTS what [OutputType] declares' -ForEach $cmdletCases {
        $help = Get-Help $Name -Full
        $command = Get-Command $Name
        $inputs = @($help.inputTypes.inputType | ForEach-Object { $_.type.name })
        $inputs.Count | Should -BeGreaterThan 0
        $own = $command.Parameters.Values | Where-Object { $_.Name -notin $common }
        $byValue = @($own | Where-Object { $_.ParameterSets.Values | Where-Object ValueFromPipeline })
        $byName = @($own | Where-Object { $_.ParameterSets.Values | Where-Object ValueFromPipelineByPropertyName })
        foreach ($p in $byValue) { $inputs | Should -Contain $p.ParameterType.FullName }
        if ($byName) { $inputs | Should -Contain 'System.Management.Automation.PSObject' }
        if (-not $byValue -and -not $byName) { $inputs | Should -Be @('None') }

        $outputs = @($help.returnValues.returnValue | ForEach-Object { $_.type.name })
        $declared = @($command.OutputType | ForEach-Object { if ($_.Name -eq 'System.Void') { 'None' } else { $_.Name } })
        ($outputs | Sort-Object) | Should -Be ($declared | Sort-Object)
    }

    It '<Name>: does not point to online help that does not exist' -ForEach $cmdletCases {
        (Get-Command $Name).HelpUri | Should -BeNullOrEmpty
        $text = (Get-Help $Name | Out-String -Width 10000) + (Get-Help $Name -Full | Out-String -Width 10000)
        $text | Should -Not -Match '-Online'
        @((Get-Help $Name -Full).relatedLinks.navigationLink | Where-Object { $_ }).Count | Should -Be 0
    }

    It 'the help file links nowhere (its only URLs are the MAML namespaces and loopback examples)' {
        $maml = Get-Content (Join-Path $module.ModuleBase 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml') -Raw
        $urls = [regex]::Matches($maml, 'https?://[^\s"<]+') | ForEach-Object Value |
            Where-Object { $_ -notmatch '^http://schemas\.microsoft\.com/maml/' -and $_ -notmatch '^http://127\.0\.0\.1[:/]' }
        $urls | Should -BeNullOrEmpty
    }
}

Describe 'About topics' {
    It 'Get-Help finds <Topic> from the module''s en-US folder' -ForEach @(@{ Topic = 'about_Olares' }, @{ Topic = 'about_Olares_Errors' }) {
        $help = Get-Help $Topic
        ($help | Out-String) | Should -Match "TOPIC\s+$Topic"
        (Get-Help about_Olares*).Name | Should -Contain $Topic
    }

    It 'fit 80 columns' {
        foreach ($file in Get-ChildItem (Join-Path $module.ModuleBase 'en-US') -Filter 'about_*.help.txt') {
            $long = @(Get-Content $file.FullName | Where-Object { $_.Length -gt 80 })
            $long | Should -BeNullOrEmpty -Because $file.Name
        }
    }

    It 'about_Olares_Errors lists every error id the code can raise, and no other' {
        $codeIds = Get-CodeErrorId
        $codeIds.Count | Should -BeGreaterThan 50
        $codeIds | Should -Contain 'OlaresTokenInvalidated'
        $codeIds | Should -Contain 'OlaresModuleIncomplete'
        # The topic's entries are the lines indented by four spaces that name ids ("    OlaresA, OlaresB").
        $topic = Get-Content (Join-Path $module.ModuleBase 'en-US/about_Olares_Errors.help.txt')
        $listed = @($topic | Where-Object { $_ -match '^ {4}Olares[A-Za-z0-9]+(, Olares[A-Za-z0-9]+)*\s*$' } | ForEach-Object { $_.Trim() -split ',\s*' })
        foreach ($id in $codeIds) { $listed | Should -Contain $id -Because "the code raises $id" }
        foreach ($id in $listed) { $codeIds | Should -Contain $id -Because "about_Olares_Errors lists $id" }
    }

    It 'about_Olares names only cmdlets, and in its examples only parameters, that exist' {
        $lines = Get-Content (Join-Path $module.ModuleBase 'en-US/about_Olares.help.txt')
        foreach ($name in [regex]::Matches(($lines -join "`n"), '\b[A-Z][a-z]+-Olares[A-Za-z]*') | ForEach-Object Value | Sort-Object -Unique) {
            $module.ExportedCmdlets.Keys | Should -Contain $name
        }
        # Example lines are indented by eight spaces; in each pipeline segment that starts with one of our cmdlets,
        # every -Name is one of its parameters.
        $checked = 0
        foreach ($line in $lines | Where-Object { $_ -match '^ {8}\S' }) {
            foreach ($segment in $line -split '[|;{}()]') {
                if ($segment.Trim() -notmatch '^([A-Z][a-z]+-Olares[A-Za-z]*)\b(.*)$') { continue }
                $command = Get-Command $Matches[1]
                foreach ($p in [regex]::Matches($Matches[2], '(?<=\s)-([A-Z][A-Za-z]+)') | ForEach-Object { $_.Groups[1].Value }) {
                    $command.Parameters.Keys | Should -Contain $p -Because $line
                    $checked++
                }
            }
        }
        $checked | Should -BeGreaterThan 5
    }
}
