# Runs every example of docs/en-US/*.md, as written, against the emulator, in a fresh runspace whose host answers
# prompts from a prepared queue and prints at 80 columns. Each example starts from a fresh config dir, a fresh HOME
# and working folder, alice logged in (unless it logs in itself), an emptied drive and a reset market; what else it
# needs (remote files, app rows, a second profile, answers to prompts) is prepared below under its cmdlet and
# number, together with a check of what it did. An example with no entry must run cleanly from the default state.
# The only edit ever made to an example's text is the emulator's address in place of http://127.0.0.1:5000.
BeforeDiscovery {
    $docs = Join-Path $PSScriptRoot '../../../docs/en-US'
    $exampleCases = foreach ($page in Get-ChildItem $docs -Filter '*-*.md' | Sort-Object Name) {
        $lines = Get-Content $page.FullName
        $n = 0; $title = $null; $code = $null; $inExamples = $false
        foreach ($line in $lines) {
            if ($line -match '^## (.+)$') { $inExamples = $Matches[1].Trim() -eq 'EXAMPLES'; continue }
            if (-not $inExamples) { continue }
            if ($line -match '^### (.+)$') { $n++; $title = $Matches[1].Trim(); continue }
            if ($null -eq $code -and $line -match '^```powershell\s*$') { $code = [System.Collections.Generic.List[string]]::new(); continue }
            if ($null -ne $code -and $line -match '^```\s*$') {
                @{ Key = "$($page.BaseName) $n"; Title = $title; Code = ($code -join "`n") }
                $code = $null; continue
            }
            if ($null -ne $code) { $code.Add($line) }
        }
    }
}

BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Market/MarketTestHelpers.psm1') -Force
    if (-not ('OlaresExamples.ExampleHost' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'ExampleHost.cs') }
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner:123456', 'bob:Secr3t!:normal'
    $work = Join-Path ([IO.Path]::GetTempPath()) ("olares-examples-" + [guid]::NewGuid().ToString('N'))
    $savedEnvironment = @{ HOME = $env:HOME; OLARES_CLI_HOME = $env:OLARES_CLI_HOME; OLARES_CLI_DATA_DIR = $env:OLARES_CLI_DATA_DIR }
    $savedLocation = Get-Location

    # ---- preparation helpers (run in this runspace, on the example's config dir) ----

    function Connect-Example([string] $OlaresId = 'alice@olares.com', [string] $Name, [switch] $NoSwitch) {
        $password, $totp = if ($OlaresId -like 'bob@*') { 'Secr3t!', $null } else { 'Passw0rd!', '123456' }
        $params = @{ OlaresId = $OlaresId; Credential = [pscredential]::new($OlaresId, (ConvertTo-SecureString $password -AsPlainText -Force)); ServiceUrlTemplate = $emulator.Template; Force = $true }
        if ($totp) { $params.Totp = $totp }
        if ($Name) { $params.Name = $Name }
        if ($NoSwitch) { $params.NoSwitch = $true }
        $null = Connect-Olares @params -ErrorAction Stop
    }

    function Get-StoredPath([string] $RemotePath, [string] $User = 'alice') { Join-Path $emulator.FilesRoot (Join-Path $User $RemotePath) }

    function Set-RemoteFile([string] $RemotePath, [string] $Text, [long] $Size = 0, [datetime] $LastWriteTime) {
        $path = Get-StoredPath $RemotePath
        $null = New-Item -ItemType Directory -Force (Split-Path $path)
        if ($Size -gt 0) {
            $stream = [IO.File]::Create($path)
            try { $stream.SetLength($Size) } finally { $stream.Dispose() }   # sparse: no disk for large sizes
        }
        else { [IO.File]::WriteAllText($path, $(if ($null -ne $Text) { $Text } else { "content of $RemotePath`n" })) }
        if ($LastWriteTime) { (Get-Item $path).LastWriteTime = $LastWriteTime }
        $path
    }

    function Set-RemoteFolder([string] $RemotePath) { $null = New-Item -ItemType Directory -Force (Get-StoredPath $RemotePath) }

    function Test-Remote([string] $RemotePath) { Test-Path -LiteralPath (Get-StoredPath $RemotePath) }

    # A grant for alice straight from the auth service (first factor, then the code), as another client would hold it.
    function New-RefreshToken {
        $hash = [Convert]::ToHexString([Security.Cryptography.MD5]::HashData([Text.Encoding]::UTF8.GetBytes('Passw0rd!@Olares2025'))).ToLowerInvariant()
        $first = Invoke-RestMethod -Method Post "$($emulator.BaseUrl)/auth/api/firstfactor?hideCookie=true" -ContentType 'application/json' `
            -Body (@{ username = 'alice'; password = $hash; keepMeLoggedIn = $false; requestMethod = 'POST'; targetURL = 'https://desktop.alice.olares.com'; acceptCookie = $true } | ConvertTo-Json)
        $second = Invoke-RestMethod -Method Post "$($emulator.BaseUrl)/auth/api/secondfactor/totp" -ContentType 'application/json' `
            -Headers @{ 'X-Authorization' = $first.data.access_token } -Body (@{ token = '123456'; targetUrl = 'https://desktop.alice.olares.com' } | ConvertTo-Json)
        if ($second.data.refresh_token) { $second.data.refresh_token } else { $first.data.refresh_token }
    }

    # A Helm chart package: <name>/Chart.yaml in a .tgz.
    function New-Chart([string] $Directory, [string] $Name, [string] $Version) {
        $src = Join-Path $work "chart-src-$([guid]::NewGuid().ToString('N'))"
        $null = New-Item -ItemType Directory -Force (Join-Path $src $Name)
        Set-Content (Join-Path $src "$Name/Chart.yaml") "apiVersion: v2`nname: $Name`nversion: $Version`n"
        $null = New-Item -ItemType Directory -Force $Directory
        $file = [IO.File]::Create((Join-Path $Directory "$Name-$Version.tgz"))
        try {
            $gzip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Fastest)
            try { [System.Formats.Tar.TarFile]::CreateFromDirectory($src, $gzip, $false) } finally { $gzip.Dispose() }
        }
        finally { $file.Dispose() }
    }

    function Set-Row([string] $Name, [string] $State, [string] $Version, [string] $Source = 'market.olares') {
        $params = @{ Emulator = $emulator; Name = $Name; State = $State; Source = $Source }
        if ($Version) { $params.Version = $Version }
        Set-MarketRow @params
    }

    function Get-Row([string] $Name) { Get-MarketRow $emulator | Where-Object name -eq $Name }

    # ---- what each example needs beyond the default state, and what it must have done ----
    # Setup runs first (in this runspace); Answers (a list, or a script block run after Setup) feed the prompts;
    # Check gets $r: Output, Errors, Text (what the host printed), Home, Location, Runspace (still open).
    $preparations = @{
        'Connect-Olares 1'          = @{
            Login   = $false
            Answers = 'Passw0rd!', '123456'
            Check   = { $r.Text | Should -Match 'Password for alice@olares.com'; (Get-OlaresProfile -Current).Status | Should -Be 'LoggedIn' }
        }
        'Connect-Olares 2'          = @{
            Login = $false
            Setup = { [pscredential]::new('alice', (ConvertTo-SecureString 'Passw0rd!' -AsPlainText -Force)) | Export-Clixml (Join-Path $env:HOME 'alice.cred.xml') }
            Check = { $r.Output[0].OlaresId | Should -Be 'alice@olares.com'; $r.Output[0].Status | Should -Be 'LoggedIn' }
        }
        'Connect-Olares 3'          = @{
            Login   = $false
            Answers = 'Passw0rd!', '123456'
            Check   = { (Get-OlaresProfile dev).OlaresId | Should -Be 'alice@olares.com'; (Get-OlaresProfile dev).Status | Should -Be 'LoggedIn' }
        }
        'Connect-Olares 4'          = @{
            Login   = $false
            Answers = { , @(New-RefreshToken) }
            Check   = { (Get-OlaresProfile -Current).Status | Should -Be 'LoggedIn'; (Get-OlaresUser).Name | Should -Be 'alice' }
        }
        'Copy-OlaresApp 1'          = @{ Check = { $r.Output[0].State | Should -Be 'running'; $r.Output[0].TargetName | Should -Match '^vscode' } }
        'Copy-OlaresApp 2'          = @{ Check = { $r.Output[0].Status | Should -Be 'accepted' } }
        'Copy-OlaresItem 1'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/report.pdf; Set-RemoteFolder drive/Home/Archive }
            Check = { Test-Remote drive/Home/Archive/report.pdf | Should -BeTrue }
        }
        'Copy-OlaresItem 2'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Projects/site/index.html; $null = Set-RemoteFile drive/Home/Projects/site/css/site.css }
            Check = { Test-Remote drive/Home/Projects/site-backup/css/site.css | Should -BeTrue; $r.Output.Name | Should -Contain 'site-backup' }
        }
        'Copy-OlaresItem 3'         = @{
            Setup = { $null = Set-RemoteFile drive/Data/media/a.mkv; $null = Set-RemoteFile drive/Data/media/b.mkv }
            Check = { $r.Output[0].Id | Should -Not -BeNullOrEmpty }
        }
        'Copy-OlaresItem 4'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/a.pdf; $null = Set-RemoteFile drive/Home/Documents/b.pdf; $null = Set-RemoteFile drive/Home/Documents/c.txt; Set-RemoteFolder drive/Home/Archive }
            Check = { (Get-ChildItem (Get-StoredPath drive/Home/Archive)).Name | Sort-Object | Should -Be @('a.pdf', 'b.pdf'); Test-Remote drive/Home/Documents/a.pdf | Should -BeTrue }
        }
        'Copy-OlaresItem 5'         = @{
            Setup = {
                $null = Set-RemoteFile drive/Home/Documents/a.pdf -Text 'new a'; $null = Set-RemoteFile drive/Home/Documents/b.pdf -Text 'new b'
                $null = Set-RemoteFile drive/Home/Archive/a.pdf -Text 'old a'
            }
            Check = {
                $r.Text | Should -Match 'What if: Performing the operation "Replace the file drive/Home/Archive/a\.pdf with a copy"'
                $r.Text | Should -Match 'What if: Performing the operation "Copy to drive/Home/Archive/b\.pdf"'
                Get-Content (Get-StoredPath drive/Home/Archive/a.pdf) -Raw | Should -Be 'new a'
                (Get-ChildItem (Get-StoredPath drive/Home/Archive)).Name | Sort-Object | Should -Be @('a.pdf', 'b.pdf')
            }
        }
        'Disconnect-Olares 1'       = @{ Check = { Get-OlaresProfile | Should -BeNullOrEmpty } }
        'Disconnect-Olares 2'       = @{
            Setup = { Connect-Example bob@olares.com -Name work -NoSwitch }
            Check = { Get-OlaresProfile | Should -BeNullOrEmpty }
        }
        'Get-OlaresApp 1'           = @{ Check = { $r.Output.Name | Should -Contain 'firefox'; $r.Text | Should -Match 'firefox' } }
        'Get-OlaresApp 2'           = @{ Check = { ($r.Output.Name | Sort-Object) | Should -Be @('comfyui', 'ollama') } }
        'Get-OlaresApp 3'           = @{
            Setup = { Set-Row jellyfin running; Set-Row firefox stopped }
            Check = { $r.Text | Should -Match 'What if:.*jellyfin'; (Get-Row jellyfin).state | Should -Be 'running' }
        }
        'Get-OlaresAppStatus 1'     = @{
            Setup = { Set-Row jellyfin running; Set-Row firefox stopped }
            Check = { ($r.Output.Name | Sort-Object) | Should -Be @('firefox', 'jellyfin') }
        }
        'Get-OlaresAppStatus 2'     = @{
            Setup = { $null = Install-OlaresApp firefox -ErrorAction Stop }
            Check = { $r.Output[-1].State | Should -Be 'running' }
        }
        'Get-OlaresChildItem 1'     = @{
            Setup = { $null = Set-RemoteFile drive/Home/hello.txt }
            Check = { $r.Output.Name | Should -Contain 'hello.txt'; $r.Output.Name | Should -Contain 'Documents' }
        }
        'Get-OlaresChildItem 2'     = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/videos/big.iso -Size 150MB; $null = Set-RemoteFile drive/Home/Documents/small.txt }
            Check = { $r.Output.Name | Should -Be 'big.iso' }
        }
        'Get-OlaresChildItem 3'     = @{
            Setup = { $null = Set-RemoteFile drive/Home/tmp/a.txt; $null = Set-RemoteFile drive/Home/tmp/cache/b.bin }
            Check = { @(Get-ChildItem (Get-StoredPath drive/Home/tmp) -Force).Count | Should -Be 0 }
        }
        'Get-OlaresChildItem 4'     = @{
            Setup = { $null = Set-RemoteFile drive/Home/Pictures/a.jpg -Size 10; $null = Set-RemoteFile drive/Home/Pictures/2024/trip/b.jpg -Size 20; $null = Set-RemoteFile drive/Home/Pictures/c.png -Size 40 }
            Check = { $r.Output[0].Count | Should -Be 2; $r.Output[0].Sum | Should -Be 30 }
        }
        'Get-OlaresChildItem 5'     = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/a.txt; $null = Set-RemoteFile drive/Home/Downloads/b.zip; $null = Set-RemoteFile 'drive/Home/Documents/draft[1].md' }
            Check = { $r.Output.Name | Should -Contain 'b.zip'; @($r.Output | Where-Object Name -eq 'draft[1].md').Count | Should -Be 2 }
        }
        'Get-OlaresFile 1'          = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/report.pdf -Text 'the report' }
            Check = { Get-Content (Join-Path $r.Location 'report.pdf') -Raw | Should -Be 'the report' }
        }
        'Get-OlaresFile 2'          = @{
            Setup = { $null = Set-RemoteFile drive/Home/Pictures/2024/a.jpg; $null = Set-RemoteFile drive/Home/Pictures/2024/trip/b.jpg }
            Check = { Test-Path (Join-Path $r.Home 'Pictures/2024/trip/b.jpg') | Should -BeTrue }
        }
        'Get-OlaresFile 3'          = @{
            # A download that stopped halfway: the partial file holds the first half.
            Setup = {
                $stored = Set-RemoteFile drive/Data/backup.tar -Text ('0123456789' * 1000)
                [IO.File]::WriteAllText((Join-Path (Get-Location) 'backup.tar.olares-partial'), ('0123456789' * 500))
                $script:expectedHash = (Get-FileHash $stored).Hash
            }
            Check = { (Get-FileHash (Join-Path $r.Location 'backup.tar')).Hash | Should -Be $script:expectedHash }
        }
        'Get-OlaresFile 4'          = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/a.md; $null = Set-RemoteFile drive/Home/Documents/b.md; $null = Set-RemoteFile drive/Home/Documents/c.pdf }
            Check = { (Get-ChildItem (Join-Path $r.Location 'notes')).Name | Sort-Object | Should -Be @('a.md', 'b.md') }
        }
        'Get-OlaresFile 5'          = @{
            Setup = { $null = Set-RemoteFile drive/Home/Pictures/IMG_1.jpg; $null = Set-RemoteFile drive/Home/Pictures/IMG_2.jpg; $null = Set-RemoteFile drive/Home/Pictures/other.jpg }
            Check = { (Get-ChildItem (Join-Path $r.Location 'photos')).Name | Sort-Object | Should -Be @('IMG_1.jpg', 'IMG_2.jpg') }
        }
        'Get-OlaresFile 6'          = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/report.pdf -Text 'the new report'; Set-Content ./report.pdf 'the old report' }
            Check = { Get-Content (Join-Path $r.Location 'report.pdf') -Raw | Should -Be 'the new report' }
        }
        'Get-OlaresFileContent 1'   = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/notes.txt -Text "first`nsecond`n" }
            Check = { $r.Output | Should -Be @('first', 'second') }
        }
        'Get-OlaresFileContent 2'   = @{
            Setup = { $null = Set-RemoteFile drive/Data/app/log.txt -Text ((1..50 | ForEach-Object { "line $_" }) -join "`n") }
            Check = { $r.Output.Count | Should -Be 10; $r.Output[0] | Should -Be 'line 1' }
        }
        'Get-OlaresFileContent 3'   = @{
            Setup = {
                $null = Set-RemoteFile drive/Data/app/web.log -Text "ok`nERROR disk full`n"
                $null = Set-RemoteFile drive/Data/app/db.log -Text "ERROR timeout`nok`n"
                $null = Set-RemoteFile drive/Data/app/notes.txt -Text "ERROR not a log`n"
            }
            Check = { ($r.Output.Line | Sort-Object) | Should -Be @('ERROR disk full', 'ERROR timeout') }
        }
        'Get-OlaresFileContent 4'   = @{
            Setup = { $path = Get-StoredPath drive/Home/logo.png; $null = New-Item -ItemType Directory -Force (Split-Path $path); [IO.File]::WriteAllBytes($path, [byte[]](137, 80, 78, 71, 13, 10, 26, 10)) }
            Check = { $r.Runspace.SessionStateProxy.GetVariable('bytes') | Should -Be ([byte[]](137, 80, 78, 71, 13, 10, 26, 10)) }
        }
        'Get-OlaresProfile 1'       = @{ Check = { $r.Output.OlaresId | Should -Be 'alice@olares.com'; $r.Text | Should -Match 'alice@olares\.com' } }
        'Get-OlaresProfile 2'       = @{
            # bob's login dies on the server; the next command finds out and marks it.
            Setup = {
                Connect-Example bob@olares.com -Name work -NoSwitch
                $null = Invoke-EmulatorAdmin $emulator 'revoke?user=bob' -Method POST
                $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
                $null = Get-OlaresUser -Profile work -ErrorAction SilentlyContinue
            }
            Check = { $r.Output.Name | Should -Be 'work'; $r.Output.Status | Should -Be 'Invalidated' }
        }
        'Get-OlaresProfile 3'       = @{ Check = { $r.Text | Should -Match 'OlaresId\s*:\s*alice@olares\.com' } }
        'Get-OlaresUser 1'          = @{ Check = { $r.Output.Name | Should -Be 'alice'; $r.Text | Should -Match 'alice' } }
        'Get-OlaresUser 2'          = @{
            Setup = { Connect-Example bob@olares.com -Name work -NoSwitch }
            Check = { $r.Output.Name | Should -Be 'bob' }
        }
        'Import-OlaresAppChart 1'   = @{
            Setup = { New-Chart (Get-Location) mychart 0.2.0 }
            Check = { $r.Output[-1].Name | Should -Be 'mychart'; $r.Output[-1].State | Should -Be 'running'; (Get-Row mychart).version | Should -Be '0.2.0' }
        }
        'Import-OlaresAppChart 2'   = @{
            Setup = { New-Chart (Join-Path (Get-Location) 'charts') one 1.0.0; New-Chart (Join-Path (Get-Location) 'charts') two 2.0.0 }
            Check = { ($r.Output.Name | Sort-Object) | Should -Be @('one', 'two'); (Get-OlaresApp two -Source upload).Version | Should -Be '2.0.0' }
        }
        'Import-OlaresAppChart 3'   = @{
            Setup = { New-Chart (Join-Path $work 'bracket-chart') mychart 0.3.0; Move-Item -LiteralPath (Join-Path $work 'bracket-chart/mychart-0.3.0.tgz') -Destination (Join-Path (Get-Location) 'mychart[1].tgz') }
            Check = { $r.Output[-1].Name | Should -Be 'mychart'; (Get-OlaresApp mychart -Source upload).Version | Should -Be '0.3.0' }
        }
        'Install-OlaresApp 1'       = @{ Check = { $r.Output[-1].State | Should -Be 'running'; (Get-Row firefox).state | Should -Be 'running' } }
        'Install-OlaresApp 2'       = @{ Check = { $r.Output[-1].State | Should -Be 'running'; (Get-Row n8n).version | Should -Be '1.50.0' } }
        'Install-OlaresApp 3'       = @{
            Setup = { New-Chart (Get-Location) mychart 0.2.0 }
            Check = { $r.Output[-1].State | Should -Be 'running'; (Get-Row mychart).version | Should -Be '0.2.0' }
        }
        'Move-OlaresItem 1'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Downloads/setup.iso; Set-RemoteFolder drive/Data/isos }
            Check = { Test-Remote drive/Data/isos/setup.iso | Should -BeTrue; Test-Remote drive/Home/Downloads/setup.iso | Should -BeFalse }
        }
        'Move-OlaresItem 2'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Downloads/a.jpg; $null = Set-RemoteFile drive/Home/Downloads/b.jpg; $null = Set-RemoteFile drive/Home/Downloads/c.zip }
            Check = { Test-Remote drive/Home/Pictures/a.jpg | Should -BeTrue; Test-Remote drive/Home/Pictures/b.jpg | Should -BeTrue; Test-Remote drive/Home/Downloads/c.zip | Should -BeTrue }
        }
        'Move-OlaresItem 3'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Downloads/a.iso; $null = Set-RemoteFile drive/Home/Downloads/b.iso; $null = Set-RemoteFile drive/Home/Downloads/c.zip; Set-RemoteFolder drive/Data/isos }
            Check = { (Get-ChildItem (Get-StoredPath drive/Data/isos)).Name | Sort-Object | Should -Be @('a.iso', 'b.iso'); Test-Remote drive/Home/Downloads/a.iso | Should -BeFalse; Test-Remote drive/Home/Downloads/c.zip | Should -BeTrue }
        }
        'Move-OlaresItem 4'         = @{
            Setup = { $null = Set-RemoteFile drive/Home/Downloads/report.pdf -Text 'new'; $null = Set-RemoteFile drive/Home/Documents/report.pdf -Text 'old' }
            Check = {
                Get-Content (Get-StoredPath drive/Home/Documents/report.pdf) -Raw | Should -Be 'new'
                Test-Remote drive/Home/Downloads/report.pdf | Should -BeFalse
                (Get-ChildItem (Get-StoredPath drive/Home/Documents)).Name | Should -Be 'report.pdf'
            }
        }
        'New-OlaresFolder 1'        = @{ Check = { Test-Remote drive/Home/Projects | Should -BeTrue } }
        'New-OlaresFolder 2'        = @{ Check = { Test-Remote drive/Home/Projects/2024/q1 | Should -BeTrue } }
        'New-OlaresFolder 3'        = @{
            Setup = { Set-RemoteFolder drive/Home/Projects/a }
            Check = { Test-Remote drive/Home/Projects/a | Should -BeTrue; Test-Remote drive/Home/Projects/b | Should -BeTrue; $r.Output.Name | Should -Be @('a', 'b') }
        }
        'Remove-OlaresAppVersion 1' = @{ Check = { Get-OlaresApp mychart -Source upload -ErrorAction SilentlyContinue | Should -BeNullOrEmpty } }
        'Remove-OlaresAppVersion 2' = @{
            Answers = 'Y'
            Check   = { Get-OlaresApp -Source upload | Should -BeNullOrEmpty }
        }
        'Remove-OlaresFile 1'       = @{
            Setup   = { $null = Set-RemoteFile drive/Home/tmp/old.zip; $null = Set-RemoteFile drive/Home/tmp/keep.txt }
            Answers = 'Y'
            Check   = { Test-Remote drive/Home/tmp/old.zip | Should -BeFalse; Test-Remote drive/Home/tmp/keep.txt | Should -BeTrue; $r.Text | Should -Match 'old\.zip' }
        }
        'Remove-OlaresFile 2'       = @{
            Setup = { $null = Set-RemoteFile drive/Home/tmp/build/out/app.dll }
            Check = { Test-Remote drive/Home/tmp/build | Should -BeFalse; Test-Remote drive/Home/tmp | Should -BeTrue }
        }
        'Remove-OlaresFile 3'       = @{
            Setup = { $null = Set-RemoteFile drive/Home/tmp/old.log -LastWriteTime (Get-Date).AddDays(-90); $null = Set-RemoteFile drive/Home/tmp/new.log }
            Check = { $r.Text | Should -Match 'What if:.*old\.log'; $r.Text | Should -Not -Match 'new\.log'; Test-Remote drive/Home/tmp/old.log | Should -BeTrue }
        }
        'Remove-OlaresFile 4'       = @{
            Setup = { $null = Set-RemoteFile drive/Home/tmp/a.log; $null = Set-RemoteFile drive/Home/tmp/b.log; $null = Set-RemoteFile drive/Home/tmp/keep.txt }
            Check = { Test-Remote drive/Home/tmp/a.log | Should -BeFalse; Test-Remote drive/Home/tmp/b.log | Should -BeFalse; Test-Remote drive/Home/tmp/keep.txt | Should -BeTrue }
        }
        'Rename-OlaresItem 1'       = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/draft.md }
            Check = { Test-Remote drive/Home/Documents/final.md | Should -BeTrue; Test-Remote drive/Home/Documents/draft.md | Should -BeFalse }
        }
        'Rename-OlaresItem 2'       = @{
            Setup = { $null = Set-RemoteFile drive/Home/Projects/old/readme.md }
            Check = { $r.Output.Name | Should -Be 'new'; Test-Remote drive/Home/Projects/new/readme.md | Should -BeTrue }
        }
        'Rename-OlaresItem 3'       = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/report-2024-final.pdf }
            Check = { Test-Remote drive/Home/Documents/report.pdf | Should -BeTrue; Test-Remote drive/Home/Documents/report-2024-final.pdf | Should -BeFalse }
        }
        'Restart-OlaresApp 1'       = @{ Setup = { Set-Row jellyfin running '10.9.7' }; Check = { $r.Output[-1].State | Should -Be 'running' } }
        'Restart-OlaresApp 2'       = @{
            Setup = { Set-Row jellyfin running '10.9.7'; Set-Row firefox running '1.2.0' }
            Check = { $r.Output.Name | Should -Be 'jellyfin'; $r.Output.Status | Should -Be 'accepted' }
        }
        'Resume-OlaresApp 1'        = @{ Setup = { Set-Row jellyfin stopped '10.9.7' }; Check = { $r.Output[-1].State | Should -Be 'running' } }
        'Resume-OlaresApp 2'        = @{
            Setup = { Set-Row jellyfin stopped '10.9.7'; Set-Row firefox stopped '1.2.0'; Set-Row n8n running '1.50.0' }
            Check = { ($r.Output.Name | Sort-Object) | Should -Be @('firefox', 'jellyfin') }
        }
        'Send-OlaresFile 1'         = @{
            Setup = { Set-Content ./report.pdf 'local report' }
            Check = { Get-Content (Get-StoredPath drive/Home/Documents/report.pdf) -Raw | Should -Match 'local report' }
        }
        'Send-OlaresFile 2'         = @{
            Setup = { $null = New-Item -ItemType Directory -Force (Join-Path $env:HOME 'Pictures/2024/trip'); Set-Content (Join-Path $env:HOME 'Pictures/2024/trip/a.jpg') 'jpg' }
            Check = { Test-Remote drive/Home/Pictures/2024/trip/a.jpg | Should -BeTrue }
        }
        'Send-OlaresFile 3'         = @{
            Setup = { Set-Content ./app.log 'one'; Set-Content ./web.log 'two'; Set-Content ./notes.txt 'no'; Set-RemoteFolder drive/Data/logs }
            Check = { ($r.Output.Name | Sort-Object) | Should -Be @('app.log', 'web.log'); Test-Remote drive/Data/logs/notes.txt | Should -BeFalse }
        }
        'Send-OlaresFile 4'         = @{
            Setup = { Set-Content ./report.pdf 'the new report'; $null = Set-RemoteFile drive/Home/Documents/report.pdf -Text 'the old report' }
            Check = {
                $r.Text | Should -Match 'What if: Performing the operation "Replace the file with .*report\.pdf" on target "alice@olares\.com: drive/Home/Documents/report\.pdf"'
                Get-Content (Get-StoredPath drive/Home/Documents/report.pdf) -Raw | Should -Match 'the new report'
                (Get-ChildItem (Get-StoredPath drive/Home/Documents)).Name | Should -Be 'report.pdf'
            }
        }
        'Stop-OlaresApp 1'          = @{ Setup = { Set-Row jellyfin running '10.9.7' }; Check = { $r.Output[-1].State | Should -Be 'stopped' } }
        'Stop-OlaresApp 2'          = @{
            Setup = { Set-Row jellyfin running '10.9.7'; Set-Row firefox stopped '1.2.0' }
            Check = { Wait-MarketRow $emulator jellyfin stopped; (Get-Row firefox).state | Should -Be 'stopped' }
        }
        'Stop-OlaresAppOperation 1' = @{
            StepMs = 3000
            Setup  = { $null = Install-OlaresApp firefox -ErrorAction Stop }
            Check  = { $r.Output[-1].State | Should -Match 'Canceled$' }
        }
        'Stop-OlaresAppOperation 2' = @{
            StepMs = 3000
            Setup  = { $null = Install-OlaresApp firefox -ErrorAction Stop; Set-Row jellyfin running '10.9.7' }
            Check  = { $r.Output.Name | Should -Be 'firefox'; $r.Output.Status | Should -Be 'accepted' }
        }
        'Uninstall-OlaresApp 1'     = @{ Setup = { Set-Row firefox running '1.2.0' }; Check = { Get-Row firefox | Should -BeNullOrEmpty } }
        'Uninstall-OlaresApp 2'     = @{
            Setup   = { Set-Row jellyfin running '10.9.7' }
            Answers = 'Y'
            Check   = { $r.Text | Should -Match 'jellyfin'; Wait-Until { -not (Get-Row jellyfin) } -What 'jellyfin uninstalled' }
        }
        'Update-OlaresApp 1'        = @{ Setup = { Set-Row jellyfin running '10.8.0' }; Check = { $r.Output[-1].State | Should -Be 'running'; (Get-Row jellyfin).version | Should -Be '10.9.7' } }
        'Update-OlaresApp 2'        = @{
            Setup = { Set-Row jellyfin running '10.8.0'; Set-Row firefox running '1.1.0'; Set-Row n8n running '1.50.0' }
            Check = { ($r.Output.Name | Sort-Object) | Should -Be @('firefox', 'jellyfin'); (Get-Row firefox).version | Should -Be '1.2.0' }
        }
        'Get-OlaresRepo 4'          = @{
            Setup = {
                $null = Invoke-EmulatorAdmin $emulator 'repos' -Method POST -Body @{ user = 'alice'; type = 'mine'; repos = @(
                        @{ repo_id = 'b7ffab7f-3ceb-4e36-aeb7-74d958ad0a7a'; repo_name = 'Team'; encrypted = $false; size = 7; permission = 'rw' }) }
                $null = Set-RemoteFile sync/b7ffab7f-3ceb-4e36-aeb7-74d958ad0a7a/Reports/q1.pdf -Text 'first quarter'
            }
            Check = { Get-Content (Join-Path $r.Location 'reports/Reports/q1.pdf') -Raw | Should -Be 'first quarter' }
        }
        'Get-OlaresSystemInfo 2'    = @{
            Setup = { $null = Get-OlaresSystemInfo }
            Check = { $r.Output[0].CachedVersion | Should -Not -BeNullOrEmpty }
        }
        'Invoke-OlaresRestMethod 2' = @{ Check = { $r.Output[0].code | Should -Be 0; $r.Output[0].data.language | Should -Be 'en-US' } }
        'Invoke-OlaresRestMethod 3' = @{
            Setup = { $null = Set-RemoteFile drive/Home/Videos/big.mp4 -Size 3MB }
            Check = { (Get-Item (Join-Path $r.Location 'big.mp4')).Length | Should -Be 3MB }
        }
        'Invoke-OlaresRestMethod 4' = @{
            Setup = { $null = Set-RemoteFile drive/Home/Documents/notes.txt -Text 'old notes'; Set-Content ./notes.txt 'new notes' -NoNewline }
            Check = { Get-Content (Get-StoredPath drive/Home/Documents/notes.txt) -Raw | Should -Be 'new notes' }
        }
        'Use-OlaresProfile 1'       = @{
            Setup = { Connect-Example bob@olares.com -Name work -NoSwitch }
            Check = { (Get-OlaresProfile -Current).Name | Should -Be 'work' }
        }
        'Use-OlaresProfile 3'       = @{
            Setup = { Connect-Example bob@olares.com -Name work -NoSwitch }
            Check = {
                (Get-OlaresProfile -Current).Name | Should -Be 'work'
                (Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | ConvertFrom-Json).currentProfile | Should -Be 'alice@olares.com'
            }
        }
        'Use-OlaresProfile 2'       = @{
            Setup = { Connect-Example bob@olares.com -Name work }
            Check = { (Get-OlaresProfile -Current).OlaresId | Should -Be 'alice@olares.com' }
        }
    }

    function Wait-Until([scriptblock] $Condition, [string] $What) {
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "timed out waiting for $What" }
            Start-Sleep -Milliseconds 50
        }
    }

    # Runs one example in a fresh runspace of the example host; returns what it did.
    function Invoke-Example([string] $Code, [string[]] $Answers) {
        $exampleHost = [OlaresExamples.ExampleHost]::new()
        foreach ($a in $Answers) { $exampleHost.Console.Answers.Enqueue($a) }
        $iss = [initialsessionstate]::CreateDefault2()
        $iss.ImportPSModule($env:OLARES_TEST_MODULE)
        $runspace = [runspacefactory]::CreateRunspace($exampleHost, $iss)
        $runspace.Open()
        $ps = [powershell]::Create($runspace)
        try {
            $null = $ps.AddScript("Set-Location -LiteralPath '$((Get-Location).Path)'").AddStatement()
            # Dot-sourced so the example's variables stay in the runspace; formatted to the host like a console does.
            $null = $ps.AddScript(". {`n$Code`n} | Tee-Object -Variable __exampleOutput | Out-Default")
            $failure = $null
            try { $null = $ps.Invoke() } catch { $failure = $_.Exception }
            [pscustomobject]@{
                Output   = @($runspace.SessionStateProxy.GetVariable('__exampleOutput'))
                Errors   = @($ps.Streams.Error)
                Failure  = $failure
                # As a console shows it, without the colours.
                Text     = $exampleHost.Console.Text.ToString() -replace '\e\[[0-9;]*[A-Za-z]', ''
                Prompts  = @($exampleHost.Console.Prompts)
                Left     = $exampleHost.Console.Answers.Count
                Runspace = $runspace
                Home     = $env:HOME
                Location = (Get-Location).Path
            }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
    Set-Location $savedLocation
    Stop-TestEmulator $emulator
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Help examples' {
    It 'finds the examples of every cmdlet page' -ForEach @{ Count = $exampleCases.Count } {
        $Count | Should -BeGreaterThan 50
    }

    It '<Key>: <Title>' -ForEach $exampleCases {
        $prep = if ($preparations.ContainsKey($Key)) { $preparations[$Key] } else { @{} }

        # A fresh user: config dir, token store, HOME and working folder; services of both identities on the emulator.
        $root = Join-Path $work ($Key -replace '\W', '-')
        $env:OLARES_CLI_HOME = Join-Path $root 'config'
        $env:OLARES_CLI_DATA_DIR = Join-Path $root 'data'
        $env:HOME = Join-Path $root 'home'
        $location = Join-Path $root 'cwd'
        $null = New-Item -ItemType Directory -Force $env:OLARES_CLI_HOME, $env:HOME, $location
        @{ profiles = @{ 'alice@olares.com' = @{ serviceUrlTemplate = $emulator.Template }; 'bob@olares.com' = @{ serviceUrlTemplate = $emulator.Template } } } |
            ConvertTo-Json -Depth 4 | Set-Content (Join-Path $env:OLARES_CLI_HOME 'olares-powershell.json')
        Set-Location $location

        # An emptied drive (the emulator seeds the Home folders only once) and a reset market.
        foreach ($user in 'alice', 'bob') {
            $userRoot = Join-Path $emulator.FilesRoot $user
            if (Test-Path $userRoot) { Get-ChildItem $userRoot -Force | Remove-Item -Recurse -Force }
            foreach ($folder in 'Documents', 'Downloads', 'Movies', 'Music', 'Pictures') { $null = New-Item -ItemType Directory -Force (Join-Path $userRoot "drive/Home/$folder") }
            $null = New-Item -ItemType Directory -Force (Join-Path $userRoot 'drive/Data')
        }
        $null = Invoke-EmulatorAdmin $emulator 'market/reset' -Method POST
        $null = Invoke-EmulatorAdmin $emulator 'market/config' -Method POST -Body @{ stepMs = $(if ($prep.StepMs) { $prep.StepMs } else { 100 }) }
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ osVersion = '1.12.6'; tokenLifetimeSeconds = 3600 }

        if ($prep.Login -ne $false) { Connect-Example }
        if ($prep.Setup) { $null = & $prep.Setup }
        $answers = if ($prep.Answers -is [scriptblock]) { @(& $prep.Answers) } else { @($prep.Answers) }

        $code = $Code.Replace('http://127.0.0.1:5000', $emulator.BaseUrl)
        $r = Invoke-Example $code $answers
        try {
            $r.Failure | Should -BeNullOrEmpty -Because "the example stopped: $($r.Failure)`n$($r.Text)"
            $r.Errors | Should -BeNullOrEmpty -Because "the example wrote errors: $($r.Errors -join '; ')`n$($r.Text)"
            $r.Left | Should -Be 0 -Because 'every prepared answer is asked for'
            if ($prep.Check) { & $prep.Check }
            # Formatted for an 80-column console (the host's width), no table cut a value short.
            foreach ($line in $r.Text -split '\r?\n') { $line | Should -Not -Match '…' -Because "a column is too narrow at 80 columns: $line" }
        }
        finally { $r.Runspace.Dispose() }
    }
}
