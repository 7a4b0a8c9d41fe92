BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.GetOlaresFileCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Get-OlaresFile' {
    BeforeEach {
        $local = Join-Path $testHome ("dl-" + [guid]::NewGuid().ToString('N'))
        $null = New-Item -ItemType Directory $local
        Reset-EmulatorCounters $emulator
    }

    It 'downloads a file into the current location and returns it' {
        $stored = New-StoredFile $emulator 'drive/Home/get/a b.bin' -Size 100000 -Seed 1
        Push-Location $local
        try { $out = Get-OlaresFile 'drive/Home/get/a b.bin' } finally { Pop-Location }
        $out | Should -BeOfType ([IO.FileInfo])
        $out.FullName | Should -Be (Join-Path $local 'a b.bin')
        Get-Sha256 $out.FullName | Should -Be (Get-Sha256 $stored)
        Get-ChildItem $local -Filter '*.olares-partial' | Should -BeNullOrEmpty
    }

    It 'says under -WhatIf which files it would download and which it would replace, and writes nothing' {
        $null = New-StoredFile $emulator 'drive/Home/wi/a.bin' -Size 10 -Seed 1
        $null = New-StoredFile $emulator 'drive/Home/wi/b.bin' -Size 10 -Seed 2
        New-StoredFolder $emulator 'drive/Home/wi/empty'
        Set-Content (Join-Path $local 'a.bin') 'old'
        $text = Get-WhatIfText { Get-OlaresFile drive/Home/wi/* -Destination "$local/" -Force -WhatIf } -Directory $testHome
        $text | Should -Match ('What if: Performing the operation "Replace the file with alice@olares\.com: drive/Home/wi/a\.bin" on target "' + [regex]::Escape((Join-Path $local 'a.bin')) + '"')
        $text | Should -Match ('What if: Performing the operation "Download alice@olares\.com: drive/Home/wi/b\.bin" on target "' + [regex]::Escape((Join-Path $local 'b.bin')) + '"')
        $text | Should -Match ('What if: Performing the operation "Create the folder" on target "' + [regex]::Escape((Join-Path $local 'empty')))
        (Get-ChildItem $local).Name | Should -Be 'a.bin'
        Get-Content (Join-Path $local 'a.bin') | Should -Be 'old'
        (Get-EmulatorState $emulator).hits.'GET /files/api/raw/{**path}' | Should -BeNullOrEmpty
    }

    It 'asks under -Confirm per file and downloads only what is approved' {
        $null = New-StoredFile $emulator 'drive/Home/cf/a.bin' -Size 10 -Seed 1
        $b = New-StoredFile $emulator 'drive/Home/cf/b.bin' -Size 10 -Seed 2
        $r = Invoke-WithAnswers "Get-OlaresFile drive/Home/cf/*.bin -Destination '$local/' -Confirm" -Answers 'N', 'Y'
        $r.Errors | Should -BeNullOrEmpty
        $r.Prompts.Count | Should -Be 2
        $r.Prompts[0] | Should -Match '"Download alice@olares\.com: drive/Home/cf/a\.bin"'
        $r.Output.Count | Should -Be 1
        (Get-ChildItem $local).Name | Should -Be 'b.bin'
        Get-Sha256 (Join-Path $local 'b.bin') | Should -Be (Get-Sha256 $b)
    }

    It 'mirrors a folder, empty folders included, and takes listings from the pipeline' {
        $a = New-StoredFile $emulator 'drive/Home/tree/x/1.bin' -Size 5000 -Seed 2
        $b = New-StoredFile $emulator 'drive/Home/tree/ü y/2.bin' -Size 1 -Seed 3
        New-StoredFolder $emulator 'drive/Home/tree/empty'
        $null = Get-OlaresFile drive/Home/tree -Destination "$local/"
        Get-Sha256 "$local/tree/x/1.bin" | Should -Be (Get-Sha256 $a)
        Get-Sha256 "$local/tree/ü y/2.bin" | Should -Be (Get-Sha256 $b)
        Test-Path "$local/tree/empty" -PathType Container | Should -BeTrue

        $files = Get-OlaresChildItem drive/Home/tree/x | Get-OlaresFile -Destination "$local/piped/"
        $files.Name | Should -Be '1.bin'
    }

    It 'refuses an existing local file per item, downloading the others; -Force replaces it, and -Overwrite still works' {
        $stored = New-StoredFile $emulator 'drive/Home/ow/a.bin' -Size 300 -Seed 4
        $other = New-StoredFile $emulator 'drive/Home/ow/b.bin' -Size 200 -Seed 5
        Set-Content "$local/a.bin" 'mine'
        $err = $null
        $files = Get-OlaresFile drive/Home/ow/*.bin -Destination "$local/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresLocalFileExists,$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $err[0].TargetObject | Should -Be (Join-Path $local 'a.bin')
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        $files.Name | Should -Be 'b.bin'
        Get-Content "$local/a.bin" | Should -Be 'mine'
        Get-Sha256 "$local/b.bin" | Should -Be (Get-Sha256 $other)

        $null = Get-OlaresFile drive/Home/ow/a.bin -Destination "$local/a.bin" -Force
        Get-Sha256 "$local/a.bin" | Should -Be (Get-Sha256 $stored)
        Set-Content "$local/a.bin" 'mine again'
        $null = Get-OlaresFile drive/Home/ow/a.bin -Destination "$local/a.bin" -Overwrite
        Get-Sha256 "$local/a.bin" | Should -Be (Get-Sha256 $stored)
        (Get-Command Get-OlaresFile).Parameters.Force.Aliases | Should -Contain 'Overwrite'
    }

    It 'keeps the old file when a -Force download fails' {
        $null = New-StoredFile $emulator 'drive/Home/keep.bin' -Size 300000 -Seed 6
        Set-Content "$local/keep.bin" 'mine'
        Invoke-EmulatorAdmin $emulator 'fail' POST @{ target = 'raw'; status = 500; count = 10 } | Out-Null
        try {
            $err = $null
            $null = Get-OlaresFile drive/Home/keep.bin -Destination "$local/keep.bin" -Force -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be "OlaresServerError,$fqid"
        }
        finally { Reset-EmulatorCounters $emulator }
        Get-Content "$local/keep.bin" | Should -Be 'mine'
    }

    It 'never replaces a local folder, even with -Force' {
        $null = New-StoredFile $emulator 'drive/Home/fold/x.bin' -Size 10
        $null = New-Item -ItemType Directory "$local/x.bin"
        $err = $null
        Get-OlaresFile drive/Home/fold/x.bin -Destination "$local/" -Force -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresLocalFileExists,$fqid"
        $err[0].Exception.Message | Should -Match 'never downloaded over a folder'
        $err[0].ErrorDetails.RecommendedAction | Should -Not -Match '-Force'
        Test-Path "$local/x.bin" -PathType Container | Should -BeTrue
    }

    It 'downloads a folder into a local folder of the same name, each file by the rule: refused, -Force, -Resume' {
        $a = New-StoredFile $emulator 'drive/Home/merge/a.bin' -Size 1000 -Seed 7
        $b = New-StoredFile $emulator 'drive/Home/merge/sub/b.bin' -Size 2000 -Seed 8
        $null = New-Item -ItemType Directory "$local/merge"
        Set-Content "$local/merge/a.bin" 'mine'
        $err = $null
        $files = Get-OlaresFile drive/Home/merge -Destination "$local/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err.FullyQualifiedErrorId | Should -Be "OlaresLocalFileExists,$fqid"
        $files.Name | Should -Be 'b.bin'
        Get-Content "$local/merge/a.bin" | Should -Be 'mine'

        # -Force replaces both files; then -Resume finds both complete and leaves them alone.
        $null = Get-OlaresFile drive/Home/merge -Destination "$local/" -Force
        Get-Sha256 "$local/merge/a.bin" | Should -Be (Get-Sha256 $a)
        Get-Sha256 "$local/merge/sub/b.bin" | Should -Be (Get-Sha256 $b)
        $again = Get-OlaresFile drive/Home/merge -Destination "$local/" -Resume
        $again.Count | Should -Be 2
        Get-ChildItem "$local/merge" -Recurse -Filter '*.olares-partial' | Should -BeNullOrEmpty
    }

    It 'does not accept -Force and -Resume together' {
        Reset-EmulatorCounters $emulator
        { Get-OlaresFile drive/Home/x -Force -Resume -ErrorAction Stop } | Should -Throw -ErrorId "OlaresConflictingParameters,$fqid"
        { Get-OlaresFile drive/Home/x -Overwrite -Resume -ErrorAction Stop } | Should -Throw -ErrorId "OlaresConflictingParameters,$fqid"
        @((Get-EmulatorState $emulator).hits.PSObject.Properties).Count | Should -Be 0
    }

    It 'downloads what a wildcard matches, listing the folder once, and takes piped items literally' {
        $null = New-StoredFile $emulator 'drive/Home/pics/IMG_01.jpg' -Size 1000 -Seed 11
        $b = New-StoredFile $emulator 'drive/Home/pics/IMG_02.jpg' -Size 2000 -Seed 12
        $null = New-StoredFile $emulator 'drive/Home/pics/other.png'
        $bracket = New-StoredFile $emulator 'drive/Home/pics/IMG_[3].jpg' -Size 30 -Seed 13
        Reset-EmulatorCounters $emulator
        $files = Get-OlaresFile drive/Home/pics/IMG_0?.jpg -Destination "$local/w/"
        ($files.Name | Sort-Object) | Should -Be @('IMG_01.jpg', 'IMG_02.jpg')
        Get-Sha256 "$local/w/IMG_02.jpg" | Should -Be (Get-Sha256 $b)
        (Get-EmulatorState $emulator).hits.'GET /files/api/resources/{**path}' | Should -Be 2   # drive/Home and pics, for the pattern and both files

        (Get-OlaresChildItem drive/Home/pics | Where-Object Name -eq 'IMG_[3].jpg' | Get-OlaresFile -Destination "$local/p/").Name | Should -Be 'IMG_[3].jpg'
        (Get-OlaresFile -LiteralPath 'drive/Home/pics/IMG_[3].jpg' -Destination "$local/l/").Name | Should -Be 'IMG_[3].jpg'
        Get-Sha256 -Path "$local/l/IMG_[3].jpg" | Should -Be (Get-Sha256 $bracket)
        $err = $null
        Get-OlaresFile drive/Home/pics/*.gif -Destination "$local/none/" -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        Test-Path "$local/none" | Should -BeFalse
    }

    It 'retries a dropped connection from the bytes received (Range)' {
        $stored = New-StoredFile $emulator 'drive/Home/drop.bin' -Size 1500000 -Seed 5
        Set-FilesKnob $emulator @{ dropDownload = @{ afterBytes = 600000; count = 1 } }
        $null = Get-OlaresFile drive/Home/drop.bin -Destination $local
        Get-Sha256 "$local/drop.bin" | Should -Be (Get-Sha256 $stored)
        $state = Get-FilesState $emulator
        $state.drops | Should -Be 1
        $state.rangeHeaders[-1] | Should -Match '^bytes=[1-9][0-9]*-$'
    }

    It 'finishes with -Resume what a killed process left, with identical bytes' {
        $stored = New-StoredFile $emulator 'drive/Home/killed.bin' -Size 3000000 -Seed 6
        Set-FilesKnob $emulator @{ rawThrottleKiBps = 1000 }
        $child = Start-ChildPwsh -LogDirectory $local -Script "Get-OlaresFile drive/Home/killed.bin -Destination '$local/killed.bin'"
        $partial = "$local/killed.bin.olares-partial"
        try { Wait-Until { (Test-Path $partial) -and (Get-Item $partial).Length -gt 200000 } -What 'a partial download' }
        finally { $child.Kill(); $child.WaitForExit() }
        $have = (Get-Item $partial).Length
        $have | Should -BeLessThan 3000000
        Test-Path "$local/killed.bin" | Should -BeFalse

        Set-FilesKnob $emulator @{ rawThrottleKiBps = 0 }
        $null = Get-OlaresFile drive/Home/killed.bin -Destination "$local/killed.bin" -Resume
        Get-Sha256 "$local/killed.bin" | Should -Be (Get-Sha256 $stored)
        (Get-FilesState $emulator).rangeHeaders[-1] | Should -Be "bytes=$have-"
        Test-Path $partial | Should -BeFalse
    }

    It 'shows progress and stops promptly on Ctrl+C, leaving a partial file' {
        $null = New-StoredFile $emulator 'drive/Home/stop.bin' -Size 4000000 -Seed 7
        Set-FilesKnob $emulator @{ rawThrottleKiBps = 500 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($env:OLARES_TEST_MODULE)'; Get-OlaresFile drive/Home/stop.bin -Destination '$local/stop.bin'")
            $async = $ps.BeginInvoke()
            Wait-Until { $ps.Streams.Progress.Count -gt 0 } -What 'progress'
            $ps.Stop()
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $progress = $ps.Streams.Progress | Where-Object { $_.StatusDescription -match 'of' } | Select-Object -First 1
            $progress.Activity | Should -Be 'Downloading from Olares'
            $progress.StatusDescription | Should -Match '^[\d.]+ (B|KiB|MiB) of 3\.8 MiB, [\d.]+ (B|KiB|MiB)/s, 0 of 1 file'
        }
        finally { $ps.Dispose(); Set-FilesKnob $emulator @{ rawThrottleKiBps = 0 } }
        (Get-Item "$local/stop.bin.olares-partial").Length | Should -BeLessThan 4000000
        Test-Path "$local/stop.bin" | Should -BeFalse
    }

    It 'refuses hostile names from the server and downloads the rest inside the destination' {
        $ok = New-StoredFile $emulator 'drive/Home/evil/ok.txt' -Size 10
        Set-FilesKnob $emulator @{ hostile = @{ folder = 'drive/Home/evil'; names = @('../outside.txt', 'a/b', 'C:\x') } }
        $err = $null
        $null = Get-OlaresFile drive/Home/evil -Destination "$local/in/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 3
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be "OlaresUnsafeRemoteName,$fqid" }
        Get-Sha256 "$local/in/evil/ok.txt" | Should -Be (Get-Sha256 $ok)
        @(Get-ChildItem $local -Recurse -File).Count | Should -Be 1
        Test-Path (Join-Path $local 'outside.txt') | Should -BeFalse
        Test-Path (Join-Path $local 'in/outside.txt') | Should -BeFalse
    }

    It 'types 404, 416 and repeated 500 answers' -ForEach @(
        @{ Status = 404; Count = 1; Id = 'OlaresNotFound' }
        @{ Status = 416; Count = 1; Id = 'OlaresRangeNotSatisfiable' }
        @{ Status = 500; Count = 4; Id = 'OlaresServerError' }
    ) {
        $null = New-StoredFile $emulator "drive/Home/e$Status.bin" -Size 10
        Invoke-EmulatorAdmin $emulator 'fail' POST @{ target = 'raw'; status = $Status; count = $Count } | Out-Null
        $err = $null
        Get-OlaresFile "drive/Home/e$Status.bin" -Destination $local -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,$fqid"
        Test-Path "$local/e$Status.bin" | Should -BeFalse
    }

    It 'needs a folder destination for several items' {
        $null = New-StoredFile $emulator 'drive/Home/m1'; $null = New-StoredFile $emulator 'drive/Home/m2'
        { Get-OlaresFile drive/Home/m1, drive/Home/m2 -Destination "$local/one" -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
    }

    It 'stops at the first failed file under -ErrorAction Stop, without going on in the background' {
        foreach ($n in 1..6) { $null = New-StoredFile $emulator "drive/Home/stop-at/f$n.bin" -Size 200000 -Seed $n }
        Set-FilesKnob $emulator @{ rawThrottleKiBps = 2000 }
        Invoke-EmulatorAdmin $emulator 'fail' POST @{ target = 'raw'; status = 404; count = 1 } | Out-Null
        try {
            { Get-OlaresFile drive/Home/stop-at -Destination "$local/stop-at/" -ThrottleLimit 1 -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
            Start-Sleep -Milliseconds 800
            @(Get-ChildItem "$local/stop-at/stop-at" -Filter *.bin).Count | Should -BeLessThan 3
        }
        finally { Set-FilesKnob $emulator @{ rawThrottleKiBps = 0 } }
    }

    It 'treats a connection reset on every attempt as a network error, not a local one' {
        $null = New-StoredFile $emulator 'drive/Home/reset.bin' -Size 300000
        Set-FilesKnob $emulator @{ dropDownload = @{ afterBytes = 50000; count = 10 } }
        $err = $null
        Get-OlaresFile drive/Home/reset.bin -Destination "$local/" -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresTransferFailed,$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        Set-FilesKnob $emulator @{ dropDownload = @{ afterBytes = 0; count = 0 } }
    }

    It 'writes files shaped as the FileSystem provider shapes them (same notes, same table, pipeable)' {
        $null = New-StoredFile $emulator 'drive/Home/shape/s.bin' -Size 1234
        $got = Get-OlaresFile drive/Home/shape/s.bin -Destination "$local/shape/"
        $item = Get-Item -LiteralPath $got.FullName
        foreach ($name in 'PSPath', 'PSParentPath', 'PSChildName', 'PSIsContainer') { $got.$name | Should -Be $item.$name -Because $name }
        $got.PSDrive.Name | Should -Be $item.PSDrive.Name
        $got.PSProvider.Name | Should -Be $item.PSProvider.Name
        ($got | Format-Table | Out-String) | Should -Be ($item | Format-Table | Out-String)
        $got | Remove-Item
        Test-Path $item.FullName | Should -BeFalse
    }
}
