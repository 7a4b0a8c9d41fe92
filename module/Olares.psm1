# Loads the cmdlet assembly built for this edition of PowerShell: bin/Core (net8.0) on PowerShell 7.4+, bin/Desktop
# (net472) on Windows PowerShell 5.1. Third-party dependencies live in Dependencies/<edition> and are served only to
# this module by the assembly's module initializer, so they never clash with versions loaded by other modules.
# This file must stay valid Windows PowerShell 5.1 syntax.

# Why the module cannot load in this host, as an ErrorRecord, or $null. Takes the host's facts as parameters so that
# tests can ask about hosts that are not installed here.
function Get-OlaresLoadProblem {
    # $Version: a [version] on 5.1, a [semver] on 7 (possibly a preview, which [version] cannot parse).
    param([string] $Edition, $Version, [string] $ModuleRoot)

    $folder = if ($Edition -eq 'Core') { 'Core' } else { 'Desktop' }
    if ($Edition -eq 'Core' -and [version]::new($Version.Major, $Version.Minor) -lt [version]'7.4') {
        return New-OlaresLoadError 'OlaresUnsupportedPowerShell' $Version ([System.PlatformNotSupportedException]::new(
                "Olares needs PowerShell 7.4 or later (its PowerShell 7 build runs on .NET 8); this is PowerShell $Version. " +
                'Install PowerShell 7.4 or later (https://learn.microsoft.com/powershell/scripting/install/installing-powershell), ' +
                'or use Windows PowerShell 5.1 on Windows.')) 'Install PowerShell 7.4 or later.'
    }

    $missing = @(if (-not (Test-Path -LiteralPath (Join-Path $ModuleRoot "bin/$folder"))) { "bin/$folder" }
        else { "bin/$folder/Olares.PowerShell.dll", "bin/$folder/Olares.Core.dll" | Where-Object { -not (Test-Path -LiteralPath (Join-Path $ModuleRoot $_)) } })
    if (-not (Test-Path -LiteralPath (Join-Path $ModuleRoot "Dependencies/$folder"))) { $missing += "Dependencies/$folder" }
    if ($missing.Count -gt 0) {
        return New-OlaresLoadError 'OlaresModuleIncomplete' $ModuleRoot ([System.IO.FileNotFoundException]::new(
                "The Olares module in $ModuleRoot is incomplete (missing: $($missing -join ', ')). " +
                'Install it again: Install-PSResource Olares -Reinstall (or Install-Module Olares -Force).')) 'Install-PSResource Olares -Reinstall'
    }

    return $null
}

function New-OlaresLoadError([string] $Id, $Target, [System.Exception] $Exception, [string] $RecommendedAction) {
    $record = [System.Management.Automation.ErrorRecord]::new($Exception, $Id, [System.Management.Automation.ErrorCategory]::NotInstalled, $Target)
    $record.ErrorDetails = [System.Management.Automation.ErrorDetails]::new($Exception.Message)
    $record.ErrorDetails.RecommendedAction = $RecommendedAction
    $record
}

$problem = Get-OlaresLoadProblem -Edition $PSEdition -Version $PSVersionTable.PSVersion -ModuleRoot $PSScriptRoot
if ($problem) { throw $problem }

$edition = if ($PSEdition -eq 'Core') { 'Core' } else { 'Desktop' }
$module = Import-Module -Name (Join-Path $PSScriptRoot "bin/$edition/Olares.PowerShell.dll") -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet ([string[]] $module.ExportedCmdlets.Keys)
