# A short, readable session against the bundled Olares emulator: what a newcomer sees the module do.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $EmulatorDll
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/Pester/OlaresTestHelpers.psm1')
Import-Module $ModuleManifest

function Step([string] $Text) { Write-Host "`n>> $Text" -ForegroundColor Cyan }

$env:OLARES_TEST_EMULATOR = $EmulatorDll
# A throw-away config dir and token store, so the demo never touches your real olares-cli login.
$demoHome = New-TestHome
# Short-lived access tokens, to show them being rotated behind the scenes.
$emulator = Start-TestEmulator -TokenLifetimeSeconds 3 -User 'alice:Passw0rd!:owner'
try {
    Write-Host "Olares emulator at $($emulator.BaseUrl); config dir $env:OLARES_CLI_HOME"

    Step "Connect-Olares -OlaresId alice@olares.com -Credential <alice> -ServiceUrlTemplate '$($emulator.Template)' -PassThru"
    $credential = [pscredential]::new('alice@olares.com', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force))
    Connect-Olares -OlaresId alice@olares.com -Credential $credential -ServiceUrlTemplate $emulator.Template -Name home -PassThru | Format-Table | Out-Host

    Step 'Get-OlaresUser'
    Get-OlaresUser | Format-List | Out-Host

    Step 'Start-Sleep 4  # the 3-second access token is now stale'
    Start-Sleep -Seconds 4
    Get-OlaresProfile | Format-Table | Out-Host

    Step 'Get-OlaresUser -Verbose  # refreshed transparently, exactly once'
    Get-OlaresUser -Verbose | Format-List | Out-Host
    $state = Get-EmulatorState $emulator
    Write-Host "The server saw $($state.refreshCalls) refresh call(s)."

    Step "Get-OlaresProfile"
    Get-OlaresProfile | Format-Table | Out-Host

    Step 'Get-OlaresApp -Category AI, Productivity'
    Get-OlaresApp -Category AI, Productivity | Format-Table | Out-Host

    Step 'Install-OlaresApp firefox -Wait  # progress while it downloads, installs and starts'
    $null = Invoke-EmulatorAdmin $emulator 'market/config' -Method POST -Body @{ stepMs = 700 }
    Install-OlaresApp firefox -Wait -PollInterval 0.25 | Format-Table | Out-Host

    Step 'Get-OlaresAppStatus'
    Get-OlaresAppStatus | Format-Table | Out-Host

    Step 'New-OlaresFolder drive/Home/demo; Send-OlaresFile <a folder of 3 files> drive/Home/demo/ -ChunkSize 64KB'
    $local = Join-Path $demoHome 'photos'
    $null = New-Item -ItemType Directory -Path (Join-Path $local 'summer')
    foreach ($name in 'beach.jpg', 'summer/sunset.jpg', 'summer/notes.txt') {
        $bytes = [byte[]]::new(200KB); [Random]::new($name.Length).NextBytes($bytes); [IO.File]::WriteAllBytes((Join-Path $local $name), $bytes)
    }
    $null = New-OlaresFolder drive/Home/demo
    Send-OlaresFile $local drive/Home/demo/ -ChunkSize 64KB

    Step 'Get-OlaresChildItem drive/Home/demo -Recurse'
    Get-OlaresChildItem drive/Home/demo -Recurse | Out-Host

    Step 'Get-OlaresFile drive/Home/demo/photos -Destination <a new folder>/  # and the bytes are the same'
    $restore = Join-Path $demoHome 'restore'
    $null = Get-OlaresFile drive/Home/demo/photos -Destination "$restore/"
    foreach ($name in 'beach.jpg', 'summer/sunset.jpg', 'summer/notes.txt') {
        $same = (Get-FileHash (Join-Path $local $name)).Hash -eq (Get-FileHash (Join-Path $restore "photos/$name")).Hash
        Write-Host ("{0,-20} identical: {1}" -f $name, $same)
    }

    Step 'Disconnect-Olares home -Confirm:$false; Get-OlaresUser  # a typed error that says what to run'
    Disconnect-Olares home -Confirm:$false
    try { Get-OlaresUser } catch {
        Write-Host ("{0}`n  FullyQualifiedErrorId: {1}`n  RecommendedAction:     {2}" -f $_.Exception.Message, $_.FullyQualifiedErrorId, $_.ErrorDetails.RecommendedAction)
    }
    Write-Host "`nDemo finished." -ForegroundColor Green
}
finally {
    Stop-TestEmulator $emulator
    Remove-TestHome $demoHome
}
