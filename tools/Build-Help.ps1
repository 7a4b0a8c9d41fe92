# Compiles docs/en-US/<Cmdlet>.md into MAML (<Assembly>.dll-Help.xml) for Get-Help. Syntax, parameter types,
# positions and pipeline input come from the built cmdlets themselves; the words come from the markdown.
# Fails when a cmdlet or one of its parameters is undocumented, or the docs name a parameter that does not exist,
# so the help cannot drift from the code.
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
            'RELATED LINKS' { $doc.Links = @($buffer | Where-Object { $_ -match '\S' } | ForEach-Object { $_ -replace '^\s*[-*]\s*', '' -replace '^\[(.*?)\]\(.*\)$', '$1' }) }
        }
        $buffer.Clear()
    }
    foreach ($line in Get-Content $Path) {
        if ($line -match '^## (.+)$') { & $flush; $section = $Matches[1].Trim().ToUpperInvariant(); $sub = $null; continue }
        if ($line -match '^### (.+)$') { & $flush; $sub = $Matches[1].Trim(); continue }
        if ($line -match '^# ') { continue }
        $buffer.Add($line)
    }
    & $flush
    return $doc
}

function Add-Paragraphs([System.Xml.XmlWriter] $w, [string] $text) {
    $w.WriteStartElement('maml', 'description', $maml)
    foreach ($para in ($text -split "\n\s*\n")) {
        if ($para.Trim()) { $w.WriteElementString('maml', 'para', $maml, ($para.Trim() -replace '\s*\n\s*', ' ')) }
    }
    $w.WriteEndElement()
}

$module = Import-Module $ModulePath -PassThru -Force
if ($module.ExportedCmdlets.Count -eq 0) { Write-Host "help: $ModulePath exports no cmdlet" -ForegroundColor Red; exit 1 }
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$problems = [System.Collections.Generic.List[string]]::new()

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
    if ($doc.Examples.Count -eq 0) { $problems.Add("$($cmd.Name): no example") }
    $own = @($cmd.Parameters.Values | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' })
    foreach ($p in $own) { if ($p.Name -notin 'WhatIf', 'Confirm' -and -not $doc.Parameters.ContainsKey($p.Name)) { $problems.Add("$($cmd.Name): parameter -$($p.Name) is not documented") } }
    foreach ($name in $doc.Parameters.Keys) { if (-not $cmd.Parameters.ContainsKey($name)) { $problems.Add("$($cmd.Name): documents -$name, which does not exist") } }

    $w.WriteStartElement('command', 'command', $command)
    $w.WriteStartElement('command', 'details', $command)
    $w.WriteElementString('command', 'name', $command, $cmd.Name)
    $w.WriteElementString('command', 'verb', $command, $cmd.Verb)
    $w.WriteElementString('command', 'noun', $command, $cmd.Noun)
    Add-Paragraphs $w $doc.Synopsis
    $w.WriteEndElement()
    Add-Paragraphs $w ($doc.Description ? $doc.Description : $doc.Synopsis)

    $describe = {
        param($p, $set)
        $attr = $set
        $w.WriteStartElement('command', 'parameter', $command)
        $w.WriteAttributeString('required', ([string]$attr.IsMandatory).ToLowerInvariant())
        $w.WriteAttributeString('globbing', ([string][bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToLowerInvariant())
        $pipeline = if ($attr.ValueFromPipeline -and $attr.ValueFromPipelineByPropertyName) { 'True (ByValue, ByPropertyName)' } elseif ($attr.ValueFromPipeline) { 'True (ByValue)' } elseif ($attr.ValueFromPipelineByPropertyName) { 'True (ByPropertyName)' } else { 'False' }
        $w.WriteAttributeString('pipelineInput', $pipeline)
        $w.WriteAttributeString('position', ($attr.Position -ge 0 ? [string]$attr.Position : 'named'))
        $w.WriteElementString('maml', 'name', $maml, $p.Name)
        $text = $doc.Parameters[$p.Name]
        if (-not $text -and $p.Name -eq 'WhatIf') { $text = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' }
        if (-not $text -and $p.Name -eq 'Confirm') { $text = 'Prompts you for confirmation before running the cmdlet.' }
        Add-Paragraphs $w ([string]$text)
        $isSwitch = $p.ParameterType -eq [System.Management.Automation.SwitchParameter]
        $w.WriteStartElement('command', 'parameterValue', $command)
        $w.WriteAttributeString('required', (-not $isSwitch).ToString().ToLowerInvariant())
        $w.WriteString($p.ParameterType.Name)
        $w.WriteEndElement()
        $w.WriteStartElement('dev', 'type', $dev)
        $w.WriteElementString('maml', 'name', $maml, $p.ParameterType.FullName)
        $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmd.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $command)
        $w.WriteElementString('maml', 'name', $maml, $cmd.Name)
        foreach ($sp in ($set.Parameters | Where-Object { $_.Name -notin $common -or $_.Name -in 'WhatIf', 'Confirm' } | Sort-Object { if ($_.Position -ge 0) { $_.Position } else { 1000 } })) {
            & $describe $cmd.Parameters[$sp.Name] $sp
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $command)
    foreach ($p in $own) {
        $first = $cmd.ParameterSets | ForEach-Object { $_.Parameters | Where-Object Name -eq $p.Name } | Select-Object -First 1
        & $describe $p $first
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'returnValues', $command)
    foreach ($o in $doc.Outputs) {
        $w.WriteStartElement('command', 'returnValue', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('maml', 'name', $maml, $o.Type); $w.WriteEndElement()
        Add-Paragraphs $w $o.Text
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($doc.Notes) {
        $w.WriteStartElement('maml', 'alertSet', $maml)
        $w.WriteStartElement('maml', 'alert', $maml)
        foreach ($para in ($doc.Notes -split "\n\s*\n")) { $w.WriteElementString('maml', 'para', $maml, ($para.Trim() -replace '\s*\n\s*', ' ')) }
        $w.WriteEndElement(); $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $command)
    foreach ($e in $doc.Examples) {
        $w.WriteStartElement('command', 'example', $command)
        $w.WriteElementString('maml', 'title', $maml, "-------------------------- $($e.Title) --------------------------")
        $w.WriteElementString('dev', 'code', $dev, $e.Code)
        $w.WriteStartElement('dev', 'remarks', $dev)
        foreach ($para in ($e.Remarks -split "\n\s*\n")) { if ($para.Trim()) { $w.WriteElementString('maml', 'para', $maml, ($para.Trim() -replace '\s*\n\s*', ' ')) } }
        $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($l in $doc.Links) {
        $w.WriteStartElement('maml', 'navigationLink', $maml)
        $w.WriteElementString('maml', 'linkText', $maml, $l)
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
