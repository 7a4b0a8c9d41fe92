# Loads the cmdlet assembly built for this edition of PowerShell. Third-party dependencies live in
# Dependencies/<edition> and are served only to this module by the assembly's module initializer, so they
# never clash with other versions loaded by other modules.
$edition = if ($PSEdition -eq 'Core') { 'Core' } else { 'Desktop' }
$assembly = Join-Path $PSScriptRoot "bin/$edition/Olares.PowerShell.dll"
$module = Import-Module -Name $assembly -PassThru -ErrorAction Stop
Export-ModuleMember -Cmdlet ([string[]] $module.ExportedCmdlets.Keys)
