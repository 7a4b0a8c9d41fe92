# Shared helpers for the Pester suite: a real emulator process on loopback, a private config dir per test,
# and the emulator's admin endpoints.
Set-StrictMode -Version 3.0

# Starts an emulator process, or, when the runner shares one across test files ($global:OlaresTestSharedEmulator) and
# no other caller holds it, hands that one out, reinitialized as if just started with these options.
function Start-TestEmulator {
    [CmdletBinding()]
    param(
        [int] $TokenLifetimeSeconds = 3600,
        [int] $RefreshLatencyMs = 0,
        [string[]] $User,
        [string] $OsVersion
    )
    $shared = Get-Variable -Name OlaresTestSharedEmulator -Scope Global -ValueOnly -ErrorAction SilentlyContinue
    if ($shared -and -not $shared.Leased -and -not $shared.Process.HasExited) {
        $body = @{ tokenLifetimeSeconds = $TokenLifetimeSeconds; refreshLatencyMs = $RefreshLatencyMs }
        if ($User) { $body.users = @($User) }
        if ($OsVersion) { $body.osVersion = $OsVersion }
        $null = Invoke-EmulatorAdmin -Emulator $shared -Path 'reinitialize' -Method POST -Body $body
        $shared.Leased = $true
        return $shared
    }
    New-EmulatorProcess @PSBoundParameters
}

# Starts an emulator process on a free loopback port (killed with this process at the latest).
function New-EmulatorProcess {
    [CmdletBinding()]
    param(
        [int] $TokenLifetimeSeconds = 3600,
        [int] $RefreshLatencyMs = 0,
        [string[]] $User,
        [string] $OsVersion
    )
    $dll = $env:OLARES_TEST_EMULATOR
    if (-not $dll -or -not (Test-Path $dll)) { throw "OLARES_TEST_EMULATOR does not point at the built emulator ($dll)" }
    $work = Join-Path ([IO.Path]::GetTempPath()) ("olares-emu-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $work
    $portFile = Join-Path $work 'port'
    $filesRoot = Join-Path $work 'files'
    $arguments = @($dll, '--port', '0', '--port-file', $portFile, '--parent-pid', $PID,
        '--token-lifetime', $TokenLifetimeSeconds, '--refresh-latency-ms', $RefreshLatencyMs, '--files-root', $filesRoot)
    foreach ($u in $User) { $arguments += @('--user', $u) }
    if ($OsVersion) { $arguments += @('--os-version', $OsVersion) }
    $dotnet = (Get-Command dotnet -CommandType Application | Select-Object -First 1).Source
    $process = Start-Process -FilePath $dotnet -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput (Join-Path $work 'stdout.txt') -RedirectStandardError (Join-Path $work 'stderr.txt')
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while (-not (Test-Path $portFile) -or -not (Get-Content $portFile -Raw -ErrorAction SilentlyContinue)) {
        if ($process.HasExited) { throw "The emulator exited at start: $(Get-Content (Join-Path $work 'stderr.txt') -Raw)" }
        if ([DateTime]::UtcNow -gt $deadline) { throw 'The emulator did not start within 30 s' }
        Start-Sleep -Milliseconds 20
    }
    $port = [int](Get-Content $portFile -Raw).Trim()
    $base = "http://127.0.0.1:$port"
    [pscustomobject]@{
        Process  = $process
        BaseUrl  = $base
        Template = "$base/{service}"
        WorkDir  = $work
        # The files service stores alice's drive/Home under FilesRoot/alice/drive/Home.
        FilesRoot = $filesRoot
        # Set on the runner's shared emulator while a test file holds it.
        Leased   = $false
    }
}

# Gives the shared emulator back (it stays up for the next test file), or stops an emulator of this caller's own.
function Stop-TestEmulator {
    param([Parameter(Mandatory)] $Emulator)
    $shared = Get-Variable -Name OlaresTestSharedEmulator -Scope Global -ValueOnly -ErrorAction SilentlyContinue
    if ($shared -and $Emulator.BaseUrl -eq $shared.BaseUrl) {
        $Emulator.Leased = $false
        return
    }
    Remove-EmulatorProcess $Emulator
}

function Remove-EmulatorProcess {
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit(5000) | Out-Null
    }
    Remove-Item $Emulator.WorkDir -Recurse -Force -ErrorAction SilentlyContinue
}

# The emulator's clock: -AdvanceMs moves it (negative: back), -AdvancePerRequestMs makes every request to a service
# move it, -Reset puts it back to real time. Tokens, market steps, the refresh latency and files tasks run on it.
function Set-EmulatorClock {
    param([Parameter(Mandatory)] $Emulator, [double] $AdvanceMs, [double] $AdvancePerRequestMs, [switch] $Reset)
    $body = @{}
    if ($Reset) { $body.reset = $true }
    if ($PSBoundParameters.ContainsKey('AdvanceMs')) { $body.advanceMs = $AdvanceMs }
    if ($PSBoundParameters.ContainsKey('AdvancePerRequestMs')) { $body.advancePerRequestMs = $AdvancePerRequestMs }
    Invoke-EmulatorAdmin -Emulator $Emulator -Path 'clock' -Method POST -Body $body
}

function Get-EmulatorClock { param([Parameter(Mandatory)] $Emulator) Invoke-EmulatorAdmin -Emulator $Emulator -Path 'clock' }

function Invoke-EmulatorAdmin {
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'GET',
        $Body
    )
    $params = @{ Uri = "$($Emulator.BaseUrl)/_admin/$Path"; Method = $Method }
    if ($null -ne $Body) {
        $params.Body = ($Body | ConvertTo-Json -Depth 5 -Compress)
        $params.ContentType = 'application/json'
    }
    Invoke-RestMethod @params
}

function Get-EmulatorState { param([Parameter(Mandatory)] $Emulator) Invoke-EmulatorAdmin -Emulator $Emulator -Path 'state' }

function Reset-EmulatorCounters { param([Parameter(Mandatory)] $Emulator) $null = Invoke-EmulatorAdmin -Emulator $Emulator -Path 'reset' -Method POST }

# Polls a condition (every 20 ms) until it holds; throws naming -What after -TimeoutSeconds. For waiting on something
# observable instead of sleeping a guessed time.
function Wait-TestCondition {
    param([Parameter(Mandatory, Position = 0)] [scriptblock] $Condition, [int] $TimeoutSeconds = 30, [string] $What = 'the condition')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSeconds s waiting for $What" }
        Start-Sleep -Milliseconds 20
    }
}

# A private config dir (OLARES_CLI_HOME) and token store (OLARES_CLI_DATA_DIR) for this process.
function New-TestHome {
    $root = Join-Path ([IO.Path]::GetTempPath()) ("olares-home-" + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $root
    $env:OLARES_CLI_HOME = Join-Path $root 'config'
    $env:OLARES_CLI_DATA_DIR = Join-Path $root 'data'
    $root
}

function Remove-TestHome {
    param([string] $Path)
    if ($Path) { Remove-Item $Path -Recurse -Force -ErrorAction SilentlyContinue }
}

function New-TestCredential {
    param([string] $UserName = 'alice@olares.com', [string] $Password = 'Passw0rd!')
    [pscredential]::new($UserName, (ConvertTo-SecureString $Password -AsPlainText -Force))
}

# Logs in alice (or another user) against the emulator in this process.
function Connect-TestUser {
    param(
        [Parameter(Mandatory)] $Emulator,
        [string] $OlaresId = 'alice@olares.com',
        [string] $Password = 'Passw0rd!',
        [string] $Name
    )
    $params = @{ OlaresId = $OlaresId; Credential = (New-TestCredential $OlaresId $Password); ServiceUrlTemplate = $Emulator.Template; Force = $true }
    if ($Name) { $params.Name = $Name }
    Connect-Olares @params -ErrorAction Stop
}

# Runs a script in a fresh pwsh process with the module imported and the same config dir; returns its output.
function Invoke-InChildPwsh {
    param([Parameter(Mandatory)] [string] $Script, [switch] $NonInteractive)
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $full = "`$ErrorActionPreference='Stop'; Import-Module '$($env:OLARES_TEST_MODULE)'; $Script"
    $args = @('-NoProfile')
    if ($NonInteractive) { $args += '-NonInteractive' }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($full))
    & $pwsh @args -EncodedCommand $encoded 2>&1
}

Export-ModuleMember -Function *
