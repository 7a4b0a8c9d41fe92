# The loader (Olares.psm1) and the dependency isolation of the module initializer, in fresh pwsh processes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $moduleRoot = Split-Path $env:OLARES_TEST_MODULE
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

    # Runs a script in a fresh pwsh (no module imported) and returns its output lines.
    function Invoke-FreshPwsh([string] $Script) {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes("`$ErrorActionPreference = 'Stop'; $Script"))
        & $pwsh -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
    }

    # A copy of the built module to break.
    function New-ModuleCopy {
        $copy = Join-Path ([IO.Path]::GetTempPath()) ("olares-module-" + [guid]::NewGuid().ToString('N'))
        Copy-Item $moduleRoot $copy -Recurse
        $copy
    }
}

Describe 'The loader' {
    It 'refuses a layout without its edition folder with a typed error that says what to install' -ForEach @(
        @{ Remove = 'bin/Core'; Missing = 'bin/Core' }
        @{ Remove = 'bin/Core/Olares.Core.dll'; Missing = 'bin/Core/Olares.Core.dll' }
        @{ Remove = 'Dependencies/Core'; Missing = 'Dependencies/Core' }
    ) {
        $copy = New-ModuleCopy
        try {
            Remove-Item (Join-Path $copy $Remove) -Recurse -Force
            $out = Invoke-FreshPwsh @"
try { Import-Module '$copy/Olares.psd1' }
catch { 'ID=' + `$_.FullyQualifiedErrorId; 'CATEGORY=' + `$_.CategoryInfo.Category; 'MESSAGE=' + `$_.Exception.Message; 'ACTION=' + `$_.ErrorDetails.RecommendedAction }
'LOADED=' + [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Olares.PowerShell' })
"@
            $text = $out -join "`n"
            $text | Should -Match 'ID=OlaresModuleIncomplete,'
            $text | Should -Match 'CATEGORY=NotInstalled'
            $text | Should -Match ('MESSAGE=.*missing: ' + [regex]::Escape($Missing))
            $text | Should -Match 'Install-PSResource Olares -Reinstall'
            $text | Should -Match 'ACTION=Install-PSResource Olares -Reinstall'
            # Refused before anything was loaded: no raw assembly-load error could have happened.
            $text | Should -Match 'LOADED=False'
        }
        finally { Remove-Item $copy -Recurse -Force -ErrorAction SilentlyContinue }
    }

    It 'refuses PowerShell 7 before 7.4, naming what to install (asked through the check itself)' {
        $out = Invoke-FreshPwsh @"
`$m = Import-Module '$($env:OLARES_TEST_MODULE)' -PassThru
foreach (`$v in [semver]'7.2.24', [semver]'7.3.12', [semver]'7.4.0-preview.5', [semver]'7.4.0', [semver]'7.6.9') {
    `$p = & `$m { param(`$v, `$root) Get-OlaresLoadProblem -Edition Core -Version `$v -ModuleRoot `$root } `$v `$m.ModuleBase
    "`$v=" + (`$(if (`$p) { `$p.FullyQualifiedErrorId + '|' + `$p.Exception.Message + '|' + `$p.ErrorDetails.RecommendedAction } else { 'ok' }))
}
`$p = & `$m { param(`$root) Get-OlaresLoadProblem -Edition Desktop -Version ([version]'5.1.22621.4391') -ModuleRoot `$root } `$m.ModuleBase
'5.1=' + (`$(if (`$p) { `$p.FullyQualifiedErrorId } else { 'ok' }))
"@
        $text = $out -join "`n"
        $text | Should -Match '7\.2\.24=OlaresUnsupportedPowerShell\|Olares needs PowerShell 7\.4 or later.*this is PowerShell 7\.2\.24\. Install PowerShell 7\.4 or later.*\|Install PowerShell 7\.4 or later\.'
        $text | Should -Match '7\.3\.12=OlaresUnsupportedPowerShell'
        $text | Should -Match '7\.4\.0-preview\.5=ok'
        $text | Should -Match '7\.4\.0=ok'
        $text | Should -Match '7\.6\.9=ok'
        $text | Should -Match '5\.1=ok'
    }

    It 'imports in this PowerShell and keeps its helper functions private' {
        $out = Invoke-FreshPwsh @"
`$m = Import-Module '$($env:OLARES_TEST_MODULE)' -PassThru
'FUNCTIONS=' + `$m.ExportedFunctions.Count
'COMMAND=' + [bool](Get-Command Get-OlaresLoadProblem -ErrorAction SilentlyContinue)
'CMDLETS=' + `$m.ExportedCmdlets.Count
"@
        $text = $out -join "`n"
        $text | Should -Match 'FUNCTIONS=0'
        $text | Should -Match 'COMMAND=False'
        $text | Should -Match 'CMDLETS=[1-9][0-9]'
    }
}

Describe 'Dependency isolation' {
    BeforeAll {
        $emulator = Start-TestEmulator
        $testHome = New-TestHome
        $ours = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $moduleRoot 'Dependencies/Core/System.Security.Cryptography.ProtectedData.dll')).Version
        # The higher version to put in the default context first. PowerShell 7.6 itself ships one in $PSHOME (on its
        # trusted list, so nothing loaded from elsewhere could replace it there): when it is higher than ours, that
        # is the one another module would get. Otherwise, the 10.x copy that Microsoft.PowerShell.SDK (tests/Unit)
        # restores from NuGet.
        $shipped = Join-Path $PSHOME 'System.Security.Cryptography.ProtectedData.dll'
        if ((Test-Path $shipped) -and [Reflection.AssemblyName]::GetAssemblyName($shipped).Version -gt $ours) {
            $preload = "[Reflection.Assembly]::Load('System.Security.Cryptography.ProtectedData')"
        }
        else {
            $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
            $copy = Get-ChildItem (Join-Path $packages 'system.security.cryptography.protecteddata') -Directory | Where-Object Name -like '10.*' |
                Sort-Object { [version]($_.Name -replace '-.*$', '') } | Select-Object -Last 1
            if (-not $copy) { throw 'No System.Security.Cryptography.ProtectedData 10.x in the NuGet cache: restore tests/Unit, whose Microsoft.PowerShell.SDK brings it' }
            $preload = "[Reflection.Assembly]::LoadFrom('$(Join-Path $copy.FullName 'lib/net8.0/System.Security.Cryptography.ProtectedData.dll')')"
        }
    }
    AfterAll {
        Stop-TestEmulator $emulator
        Remove-TestHome $testHome
    }

    It 'serves its own ProtectedData beside a higher version in the default context, and a token refresh still works' {
        $out = Invoke-FreshPwsh @"
`$env:OLARES_CLI_HOME = '$($env:OLARES_CLI_HOME)'; `$env:OLARES_CLI_DATA_DIR = '$($env:OLARES_CLI_DATA_DIR)'
# Another module got there first.
`$higher = $preload
'PRELOADED=' + `$higher.GetName().Version + '|' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$higher).Name
Import-Module '$($env:OLARES_TEST_MODULE)'
Connect-Olares -OlaresId alice@olares.com -Credential ([pscredential]::new('alice', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))) -ServiceUrlTemplate '$($emulator.Template)'
`$null = Invoke-RestMethod -Method Post '$($emulator.BaseUrl)/_admin/expire-tokens'
`$null = Invoke-RestMethod -Method Post '$($emulator.BaseUrl)/_admin/reset'
'USER=' + (Get-OlaresUser).Name
'REFRESHES=' + (Invoke-RestMethod '$($emulator.BaseUrl)/_admin/state').refreshCalls
# The module's DPAPI code (the Windows token store's) runs its bridge, whose reference to ProtectedData resolves
# in the module's context. On Linux DPAPI itself then throws PlatformNotSupportedException; loading is what counts.
try { [Olares.Storage.DpapiDataProtector]::new().Protect([byte[]](1, 2), [byte[]](3)) } catch { }
`$bridge = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Olares.Dpapi' }
try { `$bridge.GetType('Olares.Dpapi.CurrentUserDpapi')::Protect([byte[]](1, 2), [byte[]](3)) } catch { 'DPAPI=' + `$_.Exception.InnerException.GetType().Name }
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'System.Security.Cryptography.ProtectedData', 'Olares.Core', 'Olares.PowerShell', 'Olares.Dpapi' } |
    ForEach-Object { 'ASM={0}|{1}|{2}|{3}' -f `$_.GetName().Name, `$_.GetName().Version, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name, `$_.Location }
# Scripts can still name the module's own types.
try { Get-OlaresUser -Profile nobody -ErrorAction Stop } catch [Olares.Errors.OlaresProfileNotFoundException] { 'CAUGHT=' + `$_.Exception.ErrorId }
"@
        $text = $out -join "`n"
        $text | Should -Match "PRELOADED=(\d+)\.[0-9.]+\|Default"
        [version]($text -replace '(?s).*PRELOADED=([0-9.]+)\|.*', '$1') | Should -BeGreaterThan $ours
        $text | Should -Match 'USER=alice'
        $text | Should -Match 'REFRESHES=1'
        $text | Should -Match 'DPAPI=PlatformNotSupportedException'
        $ourDependencies = [regex]::Escape((Join-Path $moduleRoot 'Dependencies/Core'))
        # Two copies: the higher one where it was put, ours in the module's context, served from our folder.
        $text | Should -Match "ASM=System\.Security\.Cryptography\.ProtectedData\|[0-9.]+\|Default\|"
        $text | Should -Match "ASM=System\.Security\.Cryptography\.ProtectedData\|$([regex]::Escape([string]$ours))\|Olares\|$ourDependencies"
        $text | Should -Match "ASM=Olares\.Dpapi\|[0-9.]+\|Olares\|$ourDependencies"
        # Our own assemblies stay in the default context.
        $text | Should -Match 'ASM=Olares\.Core\|[0-9.]+\|Default\|'
        $text | Should -Match 'ASM=Olares\.PowerShell\|[0-9.]+\|Default\|'
        $text | Should -Match 'CAUGHT=OlaresProfileNotFound'
    }
}
