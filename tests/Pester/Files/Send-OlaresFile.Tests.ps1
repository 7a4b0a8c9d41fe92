BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.SendOlaresFileCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Send-OlaresFile' {
    BeforeEach {
        $local = Join-Path $testHome ("up-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $local
        $remote = 'drive/Home/' + (Split-Path $local -Leaf)
        New-StoredFolder $emulator $remote
        Reset-EmulatorCounters $emulator
    }

    It 'round-trips <Name> byte for byte (upload, then download)' -ForEach @(
        @{ Name = 'an empty file'; Size = 0 }
        @{ Name = 'a 1-byte file'; Size = 1 }
        @{ Name = 'exactly one chunk'; Size = 65536 }
        @{ Name = 'several chunks and a tail'; Size = 3 * 65536 + 4321 }
    ) {
        $file = New-RandomFile "$local/src/f $Size.bin" -Size $Size -Seed ($Size + 1)
        Send-OlaresFile $file "$remote/" -ChunkSize 64KB
        $back = Get-OlaresFile "$remote/f $Size.bin" -Destination "$local/back/"
        Get-Sha256 $back.FullName | Should -Be (Get-Sha256 $file)
        $chunks = (Get-EmulatorState $emulator).hits.'POST /files/seafhttp/upload-aj/{token}'
        ($chunks ?? 0) | Should -Be ([Math]::Ceiling($Size / 65536))
    }

    It 'round-trips a folder tree with unicode and spaces in names, empty folders included' {
        $names = 'tree/a.bin', 'tree/sub dir/ß ü 日本.txt', 'tree/sub dir/deep/+ (1)!.dat', 'tree/zero/empty.txt'
        $i = 0
        foreach ($n in $names) { $null = New-RandomFile "$local/$n" -Size (@(150000, 70000, 9, 0)[$i]) -Seed (++$i) }
        $null = New-Item -ItemType Directory "$local/tree/nothing here/inside"
        Send-OlaresFile "$local/tree" "$remote/" -ChunkSize 64KB -ThrottleLimit 3
        $null = Get-OlaresFile "$remote/tree" -Destination "$local/back/"
        foreach ($n in $names) { Get-Sha256 "$local/back/$n" | Should -Be (Get-Sha256 "$local/$n") -Because $n }
        Test-Path "$local/back/tree/nothing here/inside" -PathType Container | Should -BeTrue
        Get-ChildItem (Get-StoredPath $emulator $remote) -Recurse -Filter '* (1)' -Directory | Should -BeNullOrEmpty
    }

    It 'takes files from Get-ChildItem and writes items with -PassThru' {
        $null = New-RandomFile "$local/p/one.log" -Size 10; $null = New-RandomFile "$local/p/two.log" -Size 20 -Seed 2
        $items = Get-ChildItem "$local/p" | Send-OlaresFile -Destination "$remote/" -PassThru
        ($items.Path | Sort-Object) | Should -Be @("$remote/one.log", "$remote/two.log")
        ($items | Where-Object Name -eq 'two.log').Length | Should -Be 20
    }

    It 'uploads nothing with -WhatIf' {
        $file = New-RandomFile "$local/w.bin" -Size 10
        Send-OlaresFile $file "$remote/" -WhatIf
        Test-Path (Get-StoredPath $emulator "$remote/w.bin") | Should -BeFalse
    }

    It 'refuses an existing file per item, uploading the others; -Force replaces it, keeping nothing twice' {
        $a = New-RandomFile "$local/a.txt" -Size 300 -Seed 1; $b = New-RandomFile "$local/b.txt" -Size 200 -Seed 2
        $old = New-StoredFile $emulator "$remote/a.txt" -Size 5 -Seed 3
        $hash = Get-Sha256 $old
        $err = $null
        $items = Send-OlaresFile "$local/*.txt" "$remote/" -PassThru -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresRemoteItemExists,$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be "$remote/a.txt"
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        $items.Name | Should -Be 'b.txt'
        Get-Sha256 $old | Should -Be $hash
        Get-Sha256 (Get-StoredPath $emulator "$remote/b.txt") | Should -Be (Get-Sha256 $b)

        Send-OlaresFile $a "$remote/" -Force
        Get-Sha256 $old | Should -Be (Get-Sha256 $a)
        (Get-ChildItem (Get-StoredPath $emulator $remote)).Name | Sort-Object | Should -Be @('a.txt', 'b.txt')   # no "a(1).txt"
    }

    It 'says under -WhatIf which files it would upload and which it would replace, and changes nothing' {
        $null = New-RandomFile "$local/a.txt" -Size 10 -Seed 1; $null = New-RandomFile "$local/b.txt" -Size 10 -Seed 2
        $old = New-StoredFile $emulator "$remote/a.txt" -Size 5 -Seed 3
        $hash = Get-Sha256 $old
        $text = Get-WhatIfText { Send-OlaresFile "$local/*.txt" "$remote/" -Force -WhatIf } -Directory $testHome
        $text | Should -Match ('What if: Performing the operation "Replace the file with ' + [regex]::Escape((Join-Path $local 'a.txt')) + '" on target "alice@olares\.com: ' + [regex]::Escape("$remote/a.txt") + '"')
        $text | Should -Match ('What if: Performing the operation "Upload ' + [regex]::Escape((Join-Path $local 'b.txt')) + '" on target "alice@olares\.com: ' + [regex]::Escape("$remote/b.txt") + '"')
        Get-Sha256 $old | Should -Be $hash
        Test-Path (Get-StoredPath $emulator "$remote/b.txt") | Should -BeFalse
        $hits = (Get-EmulatorState $emulator).hits
        $hits.'DELETE /files/api/resources/{**path}' | Should -BeNullOrEmpty
        $hits.'POST /files/seafhttp/upload-aj/{token}' | Should -BeNullOrEmpty
    }

    It 'asks under -Confirm per file, naming the replacement, and sends only what is approved' {
        $a = New-RandomFile "$local/a.txt" -Size 10 -Seed 1; $b = New-RandomFile "$local/b.txt" -Size 10 -Seed 2
        $old = New-StoredFile $emulator "$remote/a.txt" -Size 5 -Seed 3
        $hash = Get-Sha256 $old
        $r = Invoke-WithAnswers "Send-OlaresFile '$local/*.txt' '$remote/' -Force -Confirm" -Answers 'N', 'Y'
        $r.Errors | Should -BeNullOrEmpty
        $r.Prompts.Count | Should -Be 2
        $r.Prompts[0] | Should -Match ('"Replace the file with ' + [regex]::Escape($a) + '" on target "alice@olares\.com: ' + [regex]::Escape("$remote/a.txt") + '"')
        $r.Prompts[1] | Should -Match ('"Upload ' + [regex]::Escape($b) + '"')
        Get-Sha256 $old | Should -Be $hash
        Get-Sha256 (Get-StoredPath $emulator "$remote/b.txt") | Should -Be (Get-Sha256 $b)
    }

    It 'never replaces a remote folder, even with -Force, and uploads a folder into one of its name file by file' {
        $null = New-RandomFile "$local/tree/same.bin" -Size 10 -Seed 1; $new = New-RandomFile "$local/tree/sub/new.bin" -Size 20 -Seed 2
        $null = New-RandomFile "$local/tree/taken.bin" -Size 30 -Seed 3
        $same = New-StoredFile $emulator "$remote/tree/same.bin" -Size 5 -Seed 4
        $null = New-StoredFile $emulator "$remote/tree/taken.bin/keep.txt"
        $hash = Get-Sha256 $same
        $err = $null
        Send-OlaresFile "$local/tree" "$remote/" -ErrorAction SilentlyContinue -ErrorVariable err
        ($err.FullyQualifiedErrorId | Sort-Object) | Should -Be @("OlaresRemoteItemExists,$fqid", "OlaresRemoteItemExists,$fqid")
        ($err | Where-Object TargetObject -eq "$remote/tree/taken.bin").Exception.Message | Should -Match 'never replaced or merged'
        Get-Sha256 $same | Should -Be $hash
        Get-Sha256 (Get-StoredPath $emulator "$remote/tree/sub/new.bin") | Should -Be (Get-Sha256 $new)

        $err = $null
        Send-OlaresFile "$local/tree" "$remote/" -Force -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].TargetObject | Should -Be "$remote/tree/taken.bin"
        $err[0].ErrorDetails.RecommendedAction | Should -Not -Match '-Force'
        Get-Sha256 $same | Should -Be (Get-Sha256 "$local/tree/same.bin")
        Test-Path (Get-StoredPath $emulator "$remote/tree/taken.bin/keep.txt") | Should -BeTrue
        (Get-ChildItem (Get-StoredPath $emulator $remote) -Recurse).Name | Sort-Object | Should -Be @('keep.txt', 'new.bin', 'same.bin', 'sub', 'taken.bin', 'tree')
    }

    It 'continues without -Force an upload that replaced a file and then failed' {
        $file = New-RandomFile "$local/r.bin" -Size (6 * 65536) -Seed 5
        $null = New-StoredFile $emulator "$remote/r.bin" -Size 5
        Set-FilesKnob $emulator @{ failChunk = @{ number = 4; status = 500; count = 1 } }
        $err = $null
        Send-OlaresFile $file "$remote/" -Force -ChunkSize 64KB -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresServerError,$fqid"
        Test-Path (Get-StoredPath $emulator "$remote/r.bin") | Should -BeFalse   # the old file is gone, the new one unfinished
        Send-OlaresFile $file "$remote/" -ChunkSize 64KB -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
            ForEach-Object Message | Should -Contain "Resumed $remote/r.bin from byte $(3 * 65536)."
        Get-Sha256 (Get-StoredPath $emulator "$remote/r.bin") | Should -Be (Get-Sha256 $file)
    }

    It 'finishes, with identical bytes, an upload whose process was killed' {
        $file = New-RandomFile "$local/killed.bin" -Size (20 * 65536 + 17) -Seed 9
        Set-FilesKnob $emulator @{ chunkDelayMs = 150 }
        $child = Start-ChildPwsh -LogDirectory $local -Script "Send-OlaresFile '$file' '$remote/' -ChunkSize 64KB"
        try { Wait-Until { $r = (Get-FilesState $emulator).chunkReceipts; $r -and $r."$remote/killed.bin".Count -ge 4 } -What 'some chunks' }
        finally { $child.Kill(); $child.WaitForExit() }
        # A chunk already in the server's socket buffer may still be stored after the kill: wait until nothing moves.
        $count = { @((Get-FilesState $emulator).chunkReceipts."$remote/killed.bin").Count }
        do { $seen = & $count; Start-Sleep -Milliseconds 400 } while ((& $count) -ne $seen)
        Test-Path (Get-StoredPath $emulator "$remote/killed.bin") | Should -BeFalse
        $before = @((Get-FilesState $emulator).chunkReceipts."$remote/killed.bin").Count

        Set-FilesKnob $emulator @{ chunkDelayMs = 0 }
        Send-OlaresFile $file "$remote/" -ChunkSize 64KB -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
            ForEach-Object Message | Should -Contain "Resumed $remote/killed.bin from byte $($before * 65536)."
        Get-Sha256 (Get-StoredPath $emulator "$remote/killed.bin") | Should -Be (Get-Sha256 $file)
        $receipts = @((Get-FilesState $emulator).chunkReceipts."$remote/killed.bin")
        $receipts[$before] | Should -Be ($before + 1)
        $receipts[-1] | Should -Be 21
    }

    It 'fails a file on a permanent chunk error, and the rerun continues from that chunk' {
        $file = New-RandomFile "$local/perm.bin" -Size (6 * 65536) -Seed 10
        Set-FilesKnob $emulator @{ failChunk = @{ number = 4; status = 500; count = 1 } }
        $err = $null
        Send-OlaresFile $file "$remote/" -ChunkSize 64KB -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresServerError,$fqid"
        Send-OlaresFile $file "$remote/" -ChunkSize 64KB
        Get-Sha256 (Get-StoredPath $emulator "$remote/perm.bin") | Should -Be (Get-Sha256 $file)
        @((Get-FilesState $emulator).chunkReceipts."$remote/perm.bin") | Should -Be @(1, 2, 3, 4, 5, 6)
    }

    It 'shows upload progress' {
        $file = New-RandomFile "$local/prog.bin" -Size (8 * 65536) -Seed 11
        Set-FilesKnob $emulator @{ chunkDelayMs = 120 }
        try { $r = Invoke-InRunspace "Send-OlaresFile '$file' '$remote/' -ChunkSize 64KB" }
        finally { Set-FilesKnob $emulator @{ chunkDelayMs = 0 } }
        $r.Errors | Should -BeNullOrEmpty
        $records = $r.Progress | Where-Object Activity -eq 'Uploading to Olares'
        $records | Should -Not -BeNullOrEmpty
        ($records | Where-Object { $_.StatusDescription -match 'of 512\.0 KiB, .*/s, [01] of 1 file' }) | Should -Not -BeNullOrEmpty
        ($records | Select-Object -Last 1).RecordType | Should -Be 'Completed'
    }

    It 'refuses a missing destination folder instead of creating it (auto-rename quirk)' {
        $file = New-RandomFile "$local/d.bin" -Size 10
        { Send-OlaresFile $file "$remote/missing/" -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
        (Get-EmulatorState $emulator).hits.'POST /files/api/resources/{**path}' | Should -BeNullOrEmpty
    }

    It 'types bad local paths, several files to one name, and an unknown node' {
        $err = $null
        Send-OlaresFile "$local/nope.bin" "$remote/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresLocalPathNotFound,$fqid"
        $a = New-RandomFile "$local/a" -Size 1; $b = New-RandomFile "$local/b" -Size 1
        { Send-OlaresFile $a, $b "$remote/one.bin" -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
        $err = $null
        Send-OlaresFile $a "$remote/" -Node node-9 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound,$fqid"
    }

    It 'expands local wildcards, takes -LiteralPath and piped files as written, and says when a pattern matches nothing' {
        $null = New-RandomFile "$local/w/a.log" -Size 3; $null = New-RandomFile "$local/w/b.log" -Size 4; $null = New-RandomFile "$local/w/c.txt" -Size 5
        $bracket = New-RandomFile "$local/w/p[1].jpg" -Size 6
        $null = New-RandomFile "$local/w/p1.jpg" -Size 7
        (Send-OlaresFile "$local/w/*.log" "$remote/" -PassThru).Name | Sort-Object | Should -Be @('a.log', 'b.log')
        (Send-OlaresFile -LiteralPath $bracket -Destination "$remote/" -PassThru).Name | Should -Be 'p[1].jpg'
        New-StoredFolder $emulator "$remote/piped"
        (Get-Item -LiteralPath $bracket | Send-OlaresFile -Destination "$remote/piped/" -PassThru).Name | Should -Be 'p[1].jpg'   # a FileInfo binds -LiteralPath
        New-StoredFolder $emulator "$remote/pattern"
        (Send-OlaresFile "$local/w/p[1].jpg" "$remote/pattern/" -PassThru).Name | Should -Be 'p1.jpg'   # in -Path, [1] is a wildcard
        $err = $null
        Send-OlaresFile "$local/w/*.zip" "$remote/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresLocalPathNotFound,$fqid"
        $err[0].ErrorDetails.RecommendedAction | Should -Not -Match 'LiteralPath'
        Remove-Item -LiteralPath "$local/w/p1.jpg"
        $err = $null
        Send-OlaresFile "$local/w/p[1].jpg" "$remote/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresLocalPathNotFound,$fqid"
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-LiteralPath'
        (Get-Command Send-OlaresFile).Parameters.LiteralPath.Aliases | Should -Contain 'PSPath'
    }

    It 'waits for the cloud transfer task of a cloud drive' {
        New-StoredFolder $emulator 'awss3/acct/bucket'
        $file = New-RandomFile "$local/c.bin" -Size 1000 -Seed 12
        Send-OlaresFile $file 'awss3/acct/bucket/'
        Get-Sha256 (Get-StoredPath $emulator 'awss3/acct/bucket/c.bin') | Should -Be (Get-Sha256 $file)
        (Get-EmulatorState $emulator).hits.'GET /files/api/task/{node}' | Should -BeGreaterThan 0
    }
}

Describe 'Send-OlaresFile with 2-second access tokens' {
    BeforeAll {
        Invoke-EmulatorAdmin $emulator 'config' POST @{ tokenLifetimeSeconds = 2 } | Out-Null
        Connect-TestUser $emulator
    }

    AfterAll {
        Invoke-EmulatorAdmin $emulator 'config' POST @{ tokenLifetimeSeconds = 3600 } | Out-Null
    }

    It 'completes a many-chunk upload through refreshes, resending chunks from disk' {
        Reset-EmulatorCounters $emulator
        New-StoredFolder $emulator 'drive/Home/t'
        $file = New-RandomFile "$testHome/t.bin" -Size (12 * 16384 + 5) -Seed 13
        Set-FilesKnob $emulator @{ chunkDelayMs = 250 }
        Send-OlaresFile $file drive/Home/t/ -ChunkSize 16KB
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/t/t.bin') | Should -Be (Get-Sha256 $file)
        $state = Get-EmulatorState $emulator
        $state.refreshCalls | Should -BeGreaterThan 0
        $state.hits.'POST /files/seafhttp/upload-aj/{token}' | Should -BeGreaterThan 13
        $files = Get-FilesState $emulator
        $files.chunkMismatches | Should -Be 0
        @($files.chunkReceipts.'drive/Home/t/t.bin') | Should -Be (1..13)
    }

    It 'uploads a folder that is not on the server yet, 300 small files 4 at a time, in a script that stops on any error' {
        $name = 'many-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        $bytes = [byte[]]::new(16KB)
        $null = New-Item -ItemType Directory "$local/$name"
        for ($i = 0; $i -lt 300; $i++) { [IO.File]::WriteAllBytes("$local/$name/f$i.bin", $bytes) }
        & {
            $ErrorActionPreference = 'Stop'
            Send-OlaresFile "$local/$name" drive/Home/ -ThrottleLimit 4
        }
        @(Get-ChildItem (Get-StoredPath $emulator "drive/Home/$name") -File).Count | Should -Be 300
        Get-ChildItem (Get-StoredPath $emulator 'drive/Home') -Directory -Filter "$name (*" | Should -BeNullOrEmpty
    }
}
