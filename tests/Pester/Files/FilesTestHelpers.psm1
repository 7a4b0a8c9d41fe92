# Helpers of the files Pester tests: set-up, random files, hashes, the files knobs of the emulator, child processes.
Set-StrictMode -Version 3.0

# Imports the module and the shared helpers for the test file, starts an emulator and logs alice in (private config dir).
function Start-FilesTest {
    param([string[]] $User)
    Import-Module $env:OLARES_TEST_MODULE -Force -Global
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force -Global
    $emulatorArgs = @{}
    if ($User) { $emulatorArgs.User = $User }
    $emulator = Start-TestEmulator @emulatorArgs
    $testHome = New-TestHome
    Connect-TestUser $emulator
    [pscustomobject]@{ Emulator = $emulator; Home = $testHome }
}

function Stop-FilesTest {
    param([Parameter(Mandatory)] $Test)
    Stop-TestEmulator $Test.Emulator
    Remove-TestHome $Test.Home
}

function New-RandomFile {
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [long] $Size, [int] $Seed = 1)
    $dir = Split-Path $Path
    if ($dir -and -not (Test-Path $dir)) { $null = New-Item -ItemType Directory -Path $dir -Force }
    $bytes = [byte[]]::new($Size)
    [Random]::new($Seed).NextBytes($bytes)
    [IO.File]::WriteAllBytes($Path, $bytes)
    $Path
}

function Get-Sha256 { param([Parameter(Mandatory)] [string] $Path) (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash }

# Where the emulator stores one of alice's remote paths.
function Get-StoredPath {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $RemotePath, [string] $User = 'alice')
    Join-Path $Emulator.FilesRoot (Join-Path $User $RemotePath)
}

function New-StoredFile {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $RemotePath, [long] $Size = 16, [int] $Seed = 1, [string] $User = 'alice')
    New-RandomFile -Path (Get-StoredPath $Emulator $RemotePath -User $User) -Size $Size -Seed $Seed
}

function New-StoredFolder {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $RemotePath)
    $null = New-Item -ItemType Directory -Force -Path (Get-StoredPath $Emulator $RemotePath)
}

function Set-FilesKnob { param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable] $Knobs) $null = Invoke-EmulatorAdmin $Emulator 'files/config' POST $Knobs }

function Get-FilesState { param([Parameter(Mandatory)] $Emulator) Invoke-EmulatorAdmin $Emulator 'files/state' }

# Runs a script in a new runspace of this process with the module imported: output, errors and progress records.
function Invoke-InRunspace {
    param([Parameter(Mandatory)] [string] $Script)
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$($env:OLARES_TEST_MODULE)'; $Script")
        $output = $ps.Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); Progress = @($ps.Streams.Progress) }
    }
    finally { $ps.Dispose() }
}

# Starts a script in a separate pwsh process (same config dir and token store) and returns the process, to be killed.
function Start-ChildPwsh {
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $LogDirectory)
    $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $full = "`$ErrorActionPreference='Stop'; `$ProgressPreference='SilentlyContinue'; Import-Module '$($env:OLARES_TEST_MODULE)'; $Script"
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($full))
    Start-Process -FilePath $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded -PassThru `
        -RedirectStandardOutput (Join-Path $LogDirectory 'child-out.txt') -RedirectStandardError (Join-Path $LogDirectory 'child-err.txt')
}

# What a command shows under -WhatIf, which goes to the host: recorded by a transcript.
function Get-WhatIfText {
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock, [Parameter(Mandatory)] [string] $Directory)
    $path = Join-Path $Directory ('whatif-' + [guid]::NewGuid().ToString('N') + '.txt')
    $null = Start-Transcript -Path $path
    try { $null = & $ScriptBlock } finally { $null = Stop-Transcript }
    Get-Content $path -Raw
}

# Runs $Script in a runspace of the built module whose host answers the prompts with $Answers, in order.
function Invoke-WithAnswers {
    param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string[]] $Answers)
    if (-not ('OlaresExamples.ExampleHost' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot '../Module/ExampleHost.cs') }
    $promptHost = [OlaresExamples.ExampleHost]::new()
    foreach ($a in $Answers) { $promptHost.Console.Answers.Enqueue($a) }
    $iss = [initialsessionstate]::CreateDefault2(); $iss.ImportPSModule($env:OLARES_TEST_MODULE)
    $runspace = [runspacefactory]::CreateRunspace($promptHost, $iss); $runspace.Open()
    $ps = [powershell]::Create($runspace)
    try {
        $output = $ps.AddScript($Script).Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); Prompts = @($promptHost.Console.Prompts) }
    }
    finally { $ps.Dispose(); $runspace.Dispose() }
}

function Wait-Until {
    # 60 s: child pwsh processes start slowly on a busy 2-core machine; a passing wait ends as soon as the condition holds.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [int] $TimeoutSeconds = 60, [string] $What = 'the condition')
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while (-not (& $Condition)) {
        if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out waiting for $What" }
        Start-Sleep -Milliseconds 50
    }
}

Export-ModuleMember -Function *
