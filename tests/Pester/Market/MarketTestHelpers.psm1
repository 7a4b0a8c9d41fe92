# Market helpers for the Pester suite: a fresh market and login per test, the emulator's market knobs, and the
# request bodies it received.
Set-StrictMode -Version 3.0

# Fast -Wait polling for tests.
$script:Fast = @{ PollInterval = 0.05; Timeout = 20 }
function Get-FastWait { $script:Fast.Clone() }

# Resets the market (catalog, rows, knobs) and the server's clock, sets the Olares version and the step length, and
# logs alice in with a new config dir (so no cached backend version survives from another test). Returns the test home
# to remove afterwards.
function Initialize-MarketTest {
    param(
        [Parameter(Mandatory)] $Emulator,
        [string] $OsVersion = '1.12.6',
        [int] $StepMs = 60
    )
    $null = Invoke-EmulatorAdmin $Emulator 'market/reset' -Method POST
    $null = Set-EmulatorClock $Emulator -Reset
    $null = Invoke-EmulatorAdmin $Emulator 'market/config' -Method POST -Body @{ stepMs = $StepMs }
    $null = Invoke-EmulatorAdmin $Emulator 'config' -Method POST -Body @{ osVersion = $OsVersion; tokenLifetimeSeconds = 3600 }
    Reset-EmulatorCounters $Emulator
    $testHome = New-TestHome
    $null = Connect-TestUser $Emulator
    $testHome
}

# From now on every state of an operation is seen by exactly two requests, whatever the machine's load: a step lasts a
# minute of the server's clock and each request moves that clock by half a minute.
function Set-MarketStepWithRequests {
    param([Parameter(Mandatory)] $Emulator)
    $null = Invoke-EmulatorAdmin $Emulator 'market/config' -Method POST -Body @{ stepMs = 60000 }
    $null = Set-EmulatorClock $Emulator -AdvancePerRequestMs 30000
}

# The market requests the emulator received (method, path relative to /market/app-store/api/v2, user, body).
function Get-MarketRequest {
    param([Parameter(Mandatory)] $Emulator, [string] $Method, [string] $Path)
    # Invoke-RestMethod writes a JSON array as one object: unroll it.
    Invoke-EmulatorAdmin $Emulator 'market/requests' | ForEach-Object { $_ } |
        Where-Object { (-not $Method -or $_.method -eq $Method) -and (-not $Path -or $_.path -eq $Path) }
}

# The single body sent to METHOD path, as compact JSON with sorted keys (for exact comparisons).
function Get-MarketBody {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Path)
    $requests = @(Get-MarketRequest $Emulator -Method $Method -Path $Path)
    if ($requests.Count -ne 1) { throw "expected one $Method $Path, got $($requests.Count)" }
    ConvertTo-SortedJson $requests[0].body
}

function ConvertTo-SortedJson {
    param($Value)
    if ($null -eq $Value) { return 'null' }
    if ($Value -is [pscustomobject]) {
        $parts = foreach ($p in ($Value.PSObject.Properties | Sort-Object Name)) { '"' + $p.Name + '":' + (ConvertTo-SortedJson $p.Value) }
        return '{' + ($parts -join ',') + '}'
    }
    if ($Value -is [array]) { return '[' + (($Value | ForEach-Object { ConvertTo-SortedJson $_ }) -join ',') + ']' }
    return ($Value | ConvertTo-Json -Compress)
}

# Sorted-key JSON of a hashtable literal, to compare with Get-MarketBody.
function ConvertTo-ExpectedJson {
    param([Parameter(Mandatory)] $Value)
    ConvertTo-SortedJson ($Value | ConvertTo-Json -Depth 5 | ConvertFrom-Json)
}

function Set-MarketRow {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $State,
        [string] $OpType = '', [string] $Source = 'market.olares', [string] $Version, [string] $Progress, [string] $Reason, [string] $User = 'alice')
    $body = @{ user = $User; name = $Name; state = $State; opType = $OpType; source = $Source }
    if ($Version) { $body.version = $Version }
    if ($Progress) { $body.progress = $Progress }
    if ($Reason) { $body.reason = $Reason }
    $null = Invoke-EmulatorAdmin $Emulator 'market/row' -Method POST -Body $body
}

function Add-MarketFault {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $App, [Parameter(Mandatory)] [string] $Kind,
        [string] $State, [string] $Operation, [string] $Reason, [string] $Message)
    $body = @{ app = $App; kind = $Kind }
    if ($State) { $body.state = $State }
    if ($Operation) { $body.operation = $Operation }
    if ($Reason) { $body.reason = $Reason }
    if ($Message) { $body.message = $Message }
    $null = Invoke-EmulatorAdmin $Emulator 'market/fault' -Method POST -Body $body
}

function Get-MarketRow {
    param([Parameter(Mandatory)] $Emulator, [string] $User = 'alice')
    Invoke-EmulatorAdmin $Emulator "market/rows?user=$User" | ForEach-Object { $_ }
}

# Number of GET /market/state calls since the last counter reset.
function Get-StatePollCount {
    param([Parameter(Mandatory)] $Emulator)
    $hits = (Get-EmulatorState $Emulator).hits
    $key = 'GET /market/app-store/api/v2/market/state'
    if ($hits.PSObject.Properties.Name -contains $key) { $hits.$key } else { 0 }
}

# Waits until an app's row reaches a state (the emulator moves on its own clock).
function Wait-MarketRow {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $State)
    $deadline = [DateTime]::UtcNow.AddSeconds(10)
    while ([DateTime]::UtcNow -lt $deadline) {
        if (Get-MarketRow $Emulator | Where-Object { $_.name -eq $Name -and $_.state -eq $State }) { return }
        Start-Sleep -Milliseconds 25
    }
    throw "$Name never reached $State"
}

# Runs a command (that waits) in a second runspace; once the app's row is in state $When and the command has read
# the state $Polls times, another client sets the row to $State (or removes it with -Remove); returns the command's
# output and errors.
function Invoke-WaitWithRowChange {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string] $App,
        [Parameter(Mandatory)] [string] $When, [string] $State, [string] $OpType = '', [string] $Reason, [switch] $Remove, [int] $Polls = 1)
    $before = Get-StatePollCount $Emulator
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$env:OLARES_TEST_MODULE'; $Command")
        $handle = $ps.BeginInvoke()
        Wait-MarketRow $Emulator $App $When
        $deadline = [DateTime]::UtcNow.AddSeconds(10)
        # Hits count requests as they arrive; one more than $Polls means the first $Polls have been answered.
        while ((Get-StatePollCount $Emulator) -lt $before + $Polls + 1 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
        if ($Remove) { $null = Invoke-EmulatorAdmin $Emulator "market/row?user=alice&name=$App" -Method DELETE }
        else { Set-MarketRow $Emulator $App $State -OpType $OpType -Reason $Reason }
        $out = $ps.EndInvoke($handle)
        [pscustomobject]@{ Output = @($out); Errors = @($ps.Streams.Error) }
    }
    finally { $ps.Dispose() }
}

# Installs an app and waits until it runs.
function Install-RunningApp {
    param([Parameter(Mandatory)] [string] $Name)
    $fast = Get-FastWait
    $null = Install-OlaresApp $Name -Wait @fast
}

# Runs a command and returns its ErrorRecord (or $null).
function Get-ErrorRecord {
    param([Parameter(Mandatory)] [scriptblock] $Script)
    try { $null = & $Script; $null } catch { $_ }
}

Export-ModuleMember -Function *
