# Compiles docs/en-US/<Cmdlet>.md into MAML (<Assembly>.dll-Help.xml) for Get-Help, in the shape PowerShell's own
# help has: syntax per parameter set in the order Get-Command prints it (switches as [-Force], value sets as
# {a | b}), every parameter with its aliases, default value (read from a new instance of the cmdlet class), pipeline
# input and wildcard support, INPUTS derived from the pipeline parameters, OUTPUTS checked against [OutputType].
# The words come from the markdown; everything else from the built cmdlets.
#
# Fails (exit 1) when help and code disagree: a cmdlet without a page or a page without a cmdlet, a parameter that is
# undocumented or documented but missing, an [OutputType] not documented or an output documented but not declared,
# fewer than two examples, a related link to neither a cmdlet nor an about topic, or a cmdlet with a HelpUri (there is
# no online help: Get-Help -Online would point nowhere).
#
# Related links are written into the description rather than as MAML navigation links: PowerShell's help view prints
# "For online help, type: Get-Help <name> -Online" whenever a command has any navigation link.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $DocsPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

function Read-HelpMarkdown([string] $Path) {
    $doc = @{ Synopsis = ''; Description = ''; Examples = @(); Parameters = @{}; Outputs = @(); Notes = ''; Links = @() }
    $section = $null; $sub = $null; $buffer = [System.Collections.Generic.List[string]]::new()
    $flush = {
        $text = ($buffer -join "`n").Trim()
        switch ($section) {
            'SYNOPSIS' { $doc.Synopsis = $text }
            'DESCRIPTION' { $doc.Description = $text }
            'NOTES' { $doc.Notes = $text }
            'EXAMPLES' {
                if ($sub) {
                    $code = ''; $remarks = $text
                    if ($text -match '(?s)```(?:powershell)?\s*\n(.*?)\n```(.*)$') { $code = $Matches[1].Trim(); $remarks = $Matches[2].Trim() }
                    $doc.Examples += @{ Title = $sub; Code = $code; Remarks = $remarks }
                }
            }
            'PARAMETERS' { if ($sub) { $doc.Parameters[$sub.TrimStart('-')] = $text } }
            'OUTPUTS' { if ($sub) { $doc.Outputs += @{ Type = $sub; Text = $text } } }
            'RELATED LINKS' { $doc.Links = @($buffer | Where-Object { $_ -match '\S' } | ForEach-Object { ($_ -replace '^\s*[-*]\s*', '' -replace '^\[(.*?)\]\(.*\)$', '$1').Trim() }) }
        }
        $buffer.Clear()
    }
    $inCode = $false
    foreach ($line in Get-Content $Path) {
        if ($line -match '^```') { $inCode = -not $inCode }
        if (-not $inCode) {
            if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
            if ($line -match '^### (.+)$') { & $flush; $sub = $Matches[1].Trim(); continue }
            if ($line -match '^# ') { continue }
        }
        $buffer.Add($line)
    }
    & $flush
    return $doc
}

function Split-Paragraphs([string] $text) {
    @(($text -split "\n\s*\n") | Where-Object { $_.Trim() } | ForEach-Object { $_.Trim() -replace '\s*\n\s*', ' ' })
}

function Write-Paragraphs([System.Xml.XmlWriter] $w, [string] $element, [string] $text) {
    $w.WriteStartElement('maml', $element, $maml)
    foreach ($para in (Split-Paragraphs $text)) { $w.WriteElementString('maml', 'para', $maml, $para) }
    $w.WriteEndElement()
}

# PowerShell's own order, read from the syntax line it prints for the set (positional ones first, then named ones in
# an order that depends on where each is declared, base class or derived, which is not worth re-deriving).
function Get-DisplayOrder($set) {
    $own = @($set.Parameters | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' })
    $printed = @([regex]::Matches($set.ToString(), '(?<=^|[\s\[])-(\w+)') | ForEach-Object { $_.Groups[1].Value })
    @($own | Sort-Object { $i = [array]::IndexOf($printed, $_.Name); if ($i -lt 0) { [int]::MaxValue } else { $i } })
}

function Get-ValueSet($parameter) {
    $set = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
    if ($set) { return @($set.ValidValues) }
    $type = $parameter.ParameterType
    if ($type.IsArray) { $type = $type.GetElementType() }
    if ($type.IsEnum) { return [enum]::GetNames($type) }
    return @()
}

function Format-DefaultValue($instance, $parameter, [bool] $mandatory) {
    if ($parameter.ParameterType -eq [System.Management.Automation.SwitchParameter]) { return 'False' }
    if ($mandatory) { return 'None' }
    $value = $instance.($parameter.Name)
    if ($null -eq $value -or ($value -is [string] -and $value -eq '')) { return 'None' }
    if ($value -is [array]) { if ($value.Count -eq 0) { return 'None' }; return ($value | ForEach-Object { [string]$_ }) -join ', ' }
    if ($value -is [IFormattable]) { return $value.ToString($null, [cultureinfo]::InvariantCulture) }
    return [string]$value
}

function Get-PipelineInput($bindings) {
    $byValue = [bool]($bindings | Where-Object ValueFromPipeline)
    $byName = [bool]($bindings | Where-Object ValueFromPipelineByPropertyName)
    if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
}

$module = Import-Module $ModulePath -PassThru -Force
if ($module.ExportedCmdlets.Count -eq 0) { Write-Host "help: $ModulePath exports no cmdlet" -ForegroundColor Red; exit 1 }
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$problems = [System.Collections.Generic.List[string]]::new()
$aboutTopics = @(Get-ChildItem $DocsPath -Filter 'about_*.help.txt' | ForEach-Object { $_.Name -replace '\.help\.txt$', '' })

foreach ($page in Get-ChildItem $DocsPath -Filter '*.md') {
    if (-not $module.ExportedCmdlets.ContainsKey($page.BaseName)) { $problems.Add("$($page.Name) documents $($page.BaseName), which the module does not export") }
}

$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$null = New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath)
$w = [System.Xml.XmlWriter]::Create($OutputPath, $settings)
$w.WriteStartDocument()
$w.WriteStartElement('helpItems')
$w.WriteAttributeString('schema', 'maml')
$w.WriteAttributeString('xmlns', 'maml', $null, $maml)
$w.WriteAttributeString('xmlns', 'command', $null, $command)
$w.WriteAttributeString('xmlns', 'dev', $null, $dev)

foreach ($cmd in ($module.ExportedCmdlets.Values | Sort-Object Name)) {
    $mdPath = Join-Path $DocsPath "$($cmd.Name).md"
    if (-not (Test-Path $mdPath)) { $problems.Add("$($cmd.Name): no $mdPath"); continue }
    $doc = Read-HelpMarkdown $mdPath
    if (-not $doc.Synopsis) { $problems.Add("$($cmd.Name): no SYNOPSIS") }
    if (-not $doc.Description) { $problems.Add("$($cmd.Name): no DESCRIPTION") }
    if ($doc.Examples.Count -lt 2) { $problems.Add("$($cmd.Name): $($doc.Examples.Count) example(s); every cmdlet has at least two") }
    foreach ($e in $doc.Examples) { if (-not $e.Code) { $problems.Add("$($cmd.Name): '$($e.Title)' has no code block") } }
    if ($cmd.HelpUri) { $problems.Add("$($cmd.Name): HelpUri '$($cmd.HelpUri)' (there is no online help for it to point to)") }

    $own = @($cmd.Parameters.Values | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' })
    foreach ($p in $own) { if ($p.Name -notin 'WhatIf', 'Confirm' -and -not $doc.Parameters.ContainsKey($p.Name)) { $problems.Add("$($cmd.Name): parameter -$($p.Name) is not documented") } }
    foreach ($name in $doc.Parameters.Keys) { if (-not $cmd.Parameters.ContainsKey($name)) { $problems.Add("$($cmd.Name): documents -$name, which does not exist") } }

    # [OutputType([void])] is documented as "None", as PowerShell's own help does.
    $declared = @($cmd.OutputType | ForEach-Object { if ($_.Name -eq 'System.Void') { 'None' } else { $_.Name } })
    $documented = @($doc.Outputs | ForEach-Object { $_.Type })
    foreach ($t in $declared) { if ($t -notin $documented) { $problems.Add("$($cmd.Name): [OutputType($t)] is not under OUTPUTS") } }
    foreach ($t in $documented) { if ($t -notin $declared) { $problems.Add("$($cmd.Name): OUTPUTS names $t, which [OutputType] does not declare") } }
    foreach ($l in $doc.Links) { if (-not $module.ExportedCmdlets.ContainsKey($l) -and $l -notin $aboutTopics) { $problems.Add("$($cmd.Name): related link '$l' is neither a cmdlet nor an about topic") } }

    $instance = [Activator]::CreateInstance($cmd.ImplementingType)
    $bindingsOf = @{}
    foreach ($p in $own) { $bindingsOf[$p.Name] = @($cmd.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -eq $p.Name }) }

    $w.WriteStartElement('command', 'command', $command)
    $w.WriteStartElement('command', 'details', $command)
    $w.WriteElementString('command', 'name', $command, $cmd.Name)
    $w.WriteElementString('command', 'verb', $command, $cmd.Verb)
    $w.WriteElementString('command', 'noun', $command, $cmd.Noun)
    Write-Paragraphs $w 'description' $doc.Synopsis
    $w.WriteEndElement()
    $description = $doc.Description
    if ($doc.Links.Count -gt 0) { $description += "`n`nRelated: " + ($doc.Links -join ', ') + '.' }
    Write-Paragraphs $w 'description' $description

    # One parameter element; $inSyntax leaves out what the syntax line does not show (a switch has no value).
    $describe = {
        param($p, [bool] $inSyntax, [bool] $required, $position)
        $isSwitch = $p.ParameterType -eq [System.Management.Automation.SwitchParameter]
        $w.WriteStartElement('command', 'parameter', $command)
        $w.WriteAttributeString('required', ([string]$required).ToLowerInvariant())
        $w.WriteAttributeString('variableLength', ([string]$p.ParameterType.IsArray).ToLowerInvariant())
        $w.WriteAttributeString('globbing', ([string][bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToLowerInvariant())
        $w.WriteAttributeString('pipelineInput', (Get-PipelineInput $bindingsOf[$p.Name]))
        $w.WriteAttributeString('position', $(if ($position -ge 0) { [string]$position } else { 'named' }))
        $w.WriteAttributeString('aliases', $(if ($p.Aliases.Count -gt 0) { $p.Aliases -join ', ' } else { 'None' }))
        $w.WriteElementString('maml', 'name', $maml, $p.Name)
        $text = if ($doc.Parameters.ContainsKey($p.Name)) { $doc.Parameters[$p.Name] } elseif ($p.Name -eq 'WhatIf') { 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' } else { 'Prompts you for confirmation before running the cmdlet.' }
        Write-Paragraphs $w 'description' $text
        $values = @(Get-ValueSet $p)
        if ($inSyntax -and $values.Count -gt 0) {
            $w.WriteStartElement('command', 'parameterValueGroup', $command)
            foreach ($v in $values) {
                $w.WriteStartElement('command', 'parameterValue', $command)
                $w.WriteAttributeString('required', 'false'); $w.WriteAttributeString('variableLength', 'false')
                $w.WriteString($v); $w.WriteEndElement()
            }
            $w.WriteEndElement()
        }
        elseif (-not ($inSyntax -and $isSwitch)) {
            $w.WriteStartElement('command', 'parameterValue', $command)
            $w.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
            $w.WriteAttributeString('variableLength', ([string]$p.ParameterType.IsArray).ToLowerInvariant())
            $w.WriteString($p.ParameterType.Name)
            $w.WriteEndElement()
        }
        $w.WriteStartElement('dev', 'type', $dev)
        $w.WriteElementString('maml', 'name', $maml, $p.ParameterType.FullName)
        $w.WriteEndElement()
        $w.WriteElementString('dev', 'defaultValue', $dev, (Format-DefaultValue $instance $p $required))
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmd.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $command)
        $w.WriteElementString('maml', 'name', $maml, $cmd.Name)
        foreach ($sp in (Get-DisplayOrder $set)) { & $describe $cmd.Parameters[$sp.Name] $true $sp.IsMandatory $sp.Position }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $command)
    foreach ($p in $own) {
        $bindings = $bindingsOf[$p.Name]
        $position = @($bindings | Where-Object { $_.Position -ge 0 } | ForEach-Object Position | Select-Object -First 1)
        & $describe $p $false ([bool]($bindings | Where-Object IsMandatory)) $(if ($position.Count) { $position[0] } else { -1 })
    }
    $w.WriteEndElement()

    # INPUTS: what binds from the pipeline, as PowerShell would bind it.
    $w.WriteStartElement('command', 'inputTypes', $command)
    $byValue = @($own | Where-Object { $bindingsOf[$_.Name] | Where-Object ValueFromPipeline })
    $byName = @($own | Where-Object { $bindingsOf[$_.Name] | Where-Object ValueFromPipelineByPropertyName })
    $inputs = [System.Collections.Generic.List[object]]::new()
    foreach ($p in $byValue) { $inputs.Add(@{ Type = $p.ParameterType.FullName; Text = "You can pipe a $($p.ParameterType.Name) to -$($p.Name)." }) }
    if ($byName.Count -gt 0) {
        $names = $byName | ForEach-Object { if ($_.Aliases.Count -gt 0) { "$($_.Name) (or $($_.Aliases -join ', '))" } else { $_.Name } }
        $inputs.Add(@{ Type = 'System.Management.Automation.PSObject'; Text = "You can pipe objects with these properties, which bind to the parameters of the same name: $($names -join ', ')." })
    }
    if ($inputs.Count -eq 0) { $inputs.Add(@{ Type = 'None'; Text = 'This cmdlet does not take input from the pipeline.' }) }
    foreach ($i in $inputs) {
        $w.WriteStartElement('command', 'inputType', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $i.Type); $w.WriteEndElement()
        Write-Paragraphs $w 'description' $i.Text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'returnValues', $command)
    foreach ($o in $doc.Outputs) {
        $w.WriteStartElement('command', 'returnValue', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $o.Type); $w.WriteEndElement()
        Write-Paragraphs $w 'description' $o.Text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($doc.Notes) {
        $w.WriteStartElement('maml', 'alertSet', $maml)
        $w.WriteStartElement('maml', 'alert', $maml)
        foreach ($para in (Split-Paragraphs $doc.Notes)) { $w.WriteElementString('maml', 'para', $maml, $para) }
        $w.WriteEndElement(); $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $command)
    foreach ($e in $doc.Examples) {
        $w.WriteStartElement('command', 'example', $command)
        $w.WriteElementString('maml', 'title', $maml, "--------- $($e.Title) ---------")
        $w.WriteElementString('dev', 'code', $dev, $e.Code)
        $w.WriteStartElement('dev', 'remarks', $dev)
        foreach ($para in (Split-Paragraphs $e.Remarks)) { $w.WriteElementString('maml', 'para', $maml, $para) }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement()
}

$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()

if ($problems.Count -gt 0) {
    $problems | ForEach-Object { Write-Host "help: $_" -ForegroundColor Red }
    exit 1
}
Write-Host "Help written to $OutputPath"
