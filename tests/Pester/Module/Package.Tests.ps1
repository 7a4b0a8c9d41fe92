# The package users install: tools/New-ModulePackage.ps1 (what ./build.ps1 Package runs) packs the built module, a
# local folder repository serves it, and both clients that ship with pwsh 7.6 (PSResourceGet's Install-PSResource
# and PowerShellGet 2.2.5's Install-Module) install it into a user scope of their own; a new pwsh then imports Olares
# by name and talks to the emulator. Everything offline.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $moduleRoot = Split-Path $env:OLARES_TEST_MODULE
    $version = (Import-PowerShellDataFile $env:OLARES_TEST_MODULE).ModuleVersion
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $work = Join-Path ([IO.Path]::GetTempPath()) ("olares-package-" + [guid]::NewGuid().ToString('N'))
    $repository = Join-Path $work 'repository'
    & $pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot '../../../tools/New-ModulePackage.ps1') -ModulePath $moduleRoot -OutputPath $repository | Out-Host
    $package = Join-Path $repository "Olares.$version.nupkg"
    $emulator = Start-TestEmulator

    # Runs a script in a fresh pwsh whose user scope (HOME, XDG dirs, module path, PSResourceGet and PowerShellGet
    # settings) is the folder $UserHome, so nothing of this machine's user is read or written. Returns the output
    # lines, stderr included.
    function Invoke-IsolatedPwsh([string] $UserHome, [string] $Script) {
        $info = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', '-') { $info.ArgumentList.Add($a) }
        $info.RedirectStandardInput = $true
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        foreach ($name in 'PSModulePath', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'NUGET_PACKAGES', 'OLARES_CLI_CACHE_DIR') { $null = $info.Environment.Remove($name) }
        $info.Environment['HOME'] = $UserHome
        $info.Environment['USERPROFILE'] = $UserHome
        $info.Environment['LOCALAPPDATA'] = Join-Path $UserHome 'AppData/Local'
        $info.Environment['APPDATA'] = Join-Path $UserHome 'AppData/Roaming'
        $info.Environment['OLARES_CLI_HOME'] = Join-Path $UserHome 'olares-config'
        $info.Environment['OLARES_CLI_DATA_DIR'] = Join-Path $UserHome 'olares-data'
        $process = [System.Diagnostics.Process]::Start($info)
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.StandardInput.WriteLine("`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'")
        $process.StandardInput.WriteLine($Script)
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEnd()
        if (-not $process.WaitForExit(300000)) { $process.Kill($true); throw 'pwsh did not finish within 5 minutes' }
        @($stdout -split "`r?`n") + @($stderr.Result -split "`r?`n") | Where-Object { $_ }
    }

    # Imports Olares by name in a new pwsh of that user scope and uses it against the emulator.
    # In a new pwsh of that user: imported by name from the user's module path, this version only, help and about
    # topics found, and a cmdlet working against the emulator.
    function Assert-InstalledModule([string] $UserHome) {
        $text = (Test-InstalledModule $UserHome) -join "`n"
        $text | Should -Match ('BASE=' + [regex]::Escape((Join-Path $UserHome '.local/share/powershell/Modules/Olares'))) -Because $text
        $text | Should -Match "VERSION=$([regex]::Escape($version))"
        $text | Should -Match 'COUNT=1'
        $text | Should -Match 'USER=alice'
        $text | Should -Match 'SYNOPSIS=Shows who the server says you are'
        $text | Should -Match 'ABOUT=True'
    }

    function Test-InstalledModule([string] $UserHome) {
        Invoke-IsolatedPwsh $UserHome @"
Import-Module Olares
`$m = Get-Module Olares
'BASE=' + `$m.ModuleBase
'VERSION=' + `$m.Version
'COUNT=' + @(Get-Module Olares -ListAvailable).Count
Connect-Olares -OlaresId alice@olares.com -Credential ([pscredential]::new('alice', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))) -ServiceUrlTemplate '$($emulator.Template)'
'USER=' + (Get-OlaresUser).Name
'SYNOPSIS=' + (Get-Help Get-OlaresUser).Synopsis
'ABOUT=' + ((Get-Help about_Olares_Errors | Out-String) -match 'OlaresTokenInvalidated')
"@
    }
}

AfterAll {
    Stop-TestEmulator $emulator
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The package' {
    It 'is the module folder packed with a nuspec from the manifest' {
        Test-Path $package | Should -BeTrue
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($package)
        try {
            $entries = @($zip.Entries | ForEach-Object FullName)
            $reader = [IO.StreamReader]::new(($zip.Entries | Where-Object FullName -eq 'Olares.nuspec').Open())
            $nuspec = [xml]$reader.ReadToEnd()
            $reader.Dispose()
        }
        finally { $zip.Dispose() }

        $built = Get-ChildItem $moduleRoot -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($moduleRoot, $_.FullName).Replace('\', '/') }
        foreach ($file in $built) { $entries | Should -Contain $file }
        $entries | Should -Contain 'LICENSE'
        $entries | Should -Contain 'en-US/about_Olares.help.txt'
        $entries | Should -Contain 'bin/Desktop/Olares.PowerShell.dll'

        $meta = $nuspec.package.metadata
        $meta.id | Should -Be 'Olares'
        $meta.version | Should -Be $version
        $meta.description | Should -Match 'olares-cli'
        $meta.releaseNotes | Should -Match $version
        $meta.tags -split ' ' | Should -Contain 'PSModule'
        $meta.tags -split ' ' | Should -Contain 'PSEdition_Core'
        # No invented links.
        $meta.PSObject.Properties.Name | Should -Not -Contain 'projectUrl'
        $meta.PSObject.Properties.Name | Should -Not -Contain 'licenseUrl'
    }

    It 'installs with Install-PSResource into its own user scope, and imports by name' {
        $userHome = Join-Path $work 'psresourceget-user'
        $null = New-Item -ItemType Directory -Path $userHome
        $install = Invoke-IsolatedPwsh $userHome @"
Register-PSResourceRepository -Name OlaresLocal -Uri '$repository' -Trusted
Install-PSResource -Name Olares -Repository OlaresLocal -Scope CurrentUser
'INSTALLED=' + (Get-InstalledPSResource Olares -Scope CurrentUser).InstalledLocation
"@
        ($install -join "`n") | Should -Match ('INSTALLED=' + [regex]::Escape($userHome))

        Assert-InstalledModule $userHome
    }

    It 'installs with Install-Module (PowerShellGet 2.2.5) into its own user scope, and imports by name' {
        $userHome = Join-Path $work 'powershellget-user'
        $null = New-Item -ItemType Directory -Path $userHome
        $install = Invoke-IsolatedPwsh $userHome @"
Import-Module PowerShellGet -RequiredVersion 2.2.5
Register-PSRepository -Name OlaresLocal -SourceLocation '$repository' -InstallationPolicy Trusted
Install-Module -Name Olares -Repository OlaresLocal -Scope CurrentUser
'INSTALLED=' + (Get-InstalledModule Olares).InstalledLocation
"@
        ($install -join "`n") | Should -Match ('INSTALLED=' + [regex]::Escape($userHome))

        Assert-InstalledModule $userHome
    }
}
