BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.CopyOlaresItemCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Copy-OlaresItem' {
    BeforeEach { Reset-EmulatorCounters $emulator }

    It 'copies a file into a folder, waiting for the server task' {
        $src = New-StoredFile $emulator 'drive/Home/c1/report.pdf' -Size 5000 -Seed 1
        New-StoredFolder $emulator 'drive/Home/c1/archive'
        $out = Copy-OlaresItem drive/Home/c1/report.pdf drive/Home/c1/archive
        $out | Should -BeNullOrEmpty
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/c1/archive/report.pdf') | Should -Be (Get-Sha256 $src)
        Test-Path $src | Should -BeTrue
        (Get-EmulatorState $emulator).hits.'GET /files/api/task/{node}' | Should -BeGreaterThan 0
    }

    It 'copies a folder under a new name with -Recurse and returns it with -PassThru' {
        $f = New-StoredFile $emulator 'drive/Home/c2/site/index.html' -Size 100
        $item = Copy-OlaresItem drive/Home/c2/site drive/Home/c2/site-backup -Recurse -PassThru
        $item.Path | Should -Be 'drive/Home/c2/site-backup'
        $item.IsDirectory | Should -BeTrue
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/c2/site-backup/index.html') | Should -Be (Get-Sha256 $f)
    }

    It 'copies what a wildcard matches into a folder, and takes piped items literally' {
        foreach ($n in 'a.pdf', 'b.pdf', 'c.txt', 'd[1].pdf', 'd1.pdf') { $null = New-StoredFile $emulator "drive/Home/cw/$n" }
        New-StoredFolder $emulator 'drive/Home/cw-archive'
        Copy-OlaresItem drive/Home/cw/?.pdf drive/Home/cw-archive/
        (Get-ChildItem (Get-StoredPath $emulator 'drive/Home/cw-archive')).Name | Sort-Object | Should -Be @('a.pdf', 'b.pdf')
        Get-OlaresChildItem drive/Home/cw | Where-Object Name -eq 'd[1].pdf' | Copy-OlaresItem -Destination drive/Home/cw-archive/
        Test-Path -LiteralPath (Get-StoredPath $emulator 'drive/Home/cw-archive/d[1].pdf') | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/cw-archive/d1.pdf') | Should -BeFalse
        { Copy-OlaresItem drive/Home/cw/*.pdf drive/Home/cw/single.pdf -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
        Copy-OlaresItem drive/Home/cw/*.zip drive/Home/cw-archive/ -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }

    It 'refuses a folder without -Recurse' {
        New-StoredFolder $emulator 'drive/Home/c3/dir'
        { Copy-OlaresItem drive/Home/c3/dir drive/Home/c3/dir2 -ErrorAction Stop } | Should -Throw -ErrorId "OlaresIsDirectory,$fqid"
    }

    It 'returns the task at once with -NoWait' {
        $null = New-StoredFile $emulator 'drive/Home/c4/a.txt'
        # The task waits ten minutes of the server's clock: it cannot finish before the check below, however slow the machine.
        Set-FilesKnob $emulator @{ taskDelayMs = 600000 }
        $task = Copy-OlaresItem drive/Home/c4/a.txt drive/Home/c4/b.txt -NoWait
        $task | Should -BeOfType ([Olares.PowerShell.Output.OlaresTask])
        $task.Id | Should -Match '^task-'
        $task.Action | Should -Be 'copy'
        $task.Destination | Should -Be 'drive/Home/c4/b.txt'
        Test-Path (Get-StoredPath $emulator 'drive/Home/c4/b.txt') | Should -BeFalse
        $null = Set-EmulatorClock $emulator -AdvanceMs 600000
        Wait-Until { Test-Path (Get-StoredPath $emulator 'drive/Home/c4/b.txt') } -What 'the copy'
    }

    It 'refuses an existing target instead of letting the server rename the copy' {
        $null = New-StoredFile $emulator 'drive/Home/c5/a.txt'; $null = New-StoredFile $emulator 'drive/Home/c5/dst/a.txt'
        { Copy-OlaresItem drive/Home/c5/a.txt drive/Home/c5/dst/ -ErrorAction Stop } | Should -Throw -ErrorId "OlaresRemoteItemExists,$fqid"
        (Get-EmulatorState $emulator).hits.'PATCH /files/api/paste/{node}' | Should -BeNullOrEmpty
    }

    It 'refuses an existing file per item, copying the others; -Force replaces it' {
        $a = New-StoredFile $emulator 'drive/Home/cf/a.txt' -Size 100 -Seed 1; $b = New-StoredFile $emulator 'drive/Home/cf/b.txt' -Size 200 -Seed 2
        $old = New-StoredFile $emulator 'drive/Home/cf-dst/a.txt' -Size 5 -Seed 3
        $err = $null
        Copy-OlaresItem drive/Home/cf/*.txt drive/Home/cf-dst/ -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresRemoteItemExists,$fqid"
        $err[0].TargetObject | Should -Be 'drive/Home/cf-dst/a.txt'
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Get-Sha256 $old | Should -Not -Be (Get-Sha256 $a)
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/cf-dst/b.txt') | Should -Be (Get-Sha256 $b)

        Copy-OlaresItem drive/Home/cf/a.txt drive/Home/cf-dst/ -Force
        Get-Sha256 $old | Should -Be (Get-Sha256 $a)
        (Get-ChildItem (Get-StoredPath $emulator 'drive/Home/cf-dst')).Name | Sort-Object | Should -Be @('a.txt', 'b.txt')
        Test-Path $a | Should -BeTrue
    }

    It 'says which files -Force would replace under -WhatIf, and changes nothing' {
        $null = New-StoredFile $emulator 'drive/Home/cw2/a.txt' -Seed 1; $null = New-StoredFile $emulator 'drive/Home/cw2/b.txt' -Seed 2
        $old = New-StoredFile $emulator 'drive/Home/cw2-dst/a.txt' -Seed 3
        $hash = Get-Sha256 $old
        $text = Get-WhatIfText { Copy-OlaresItem drive/Home/cw2/*.txt drive/Home/cw2-dst/ -Force -WhatIf } -Directory $testHome
        $text | Should -Match 'What if: Performing the operation "Replace the file drive/Home/cw2-dst/a\.txt with a copy" on target "alice@olares\.com: drive/Home/cw2/a\.txt"'
        $text | Should -Match 'What if: Performing the operation "Copy to drive/Home/cw2-dst/b\.txt" on target "alice@olares\.com: drive/Home/cw2/b\.txt"'
        Get-Sha256 $old | Should -Be $hash
        $hits = (Get-EmulatorState $emulator).hits
        $hits.'PATCH /files/api/paste/{node}' | Should -BeNullOrEmpty
        $hits.'DELETE /files/api/resources/{**path}' | Should -BeNullOrEmpty
    }

    It 'never replaces or merges a folder, even with -Force' {
        $null = New-StoredFile $emulator 'drive/Home/cd/a.txt'
        $null = New-StoredFile $emulator 'drive/Home/cd/site/index.html'
        $null = New-StoredFile $emulator 'drive/Home/cd-dst/a.txt/keep.txt'
        $null = New-StoredFile $emulator 'drive/Home/cd-dst/site/other.html'
        $err = $null
        Copy-OlaresItem drive/Home/cd/a.txt, drive/Home/cd/site drive/Home/cd-dst/ -Recurse -Force -ErrorAction SilentlyContinue -ErrorVariable err
        $err.FullyQualifiedErrorId | Should -Be @("OlaresRemoteItemExists,$fqid", "OlaresRemoteItemExists,$fqid")
        $err[0].Exception.Message | Should -Match 'never replaced or merged'
        Test-Path (Get-StoredPath $emulator 'drive/Home/cd-dst/a.txt/keep.txt') | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/cd-dst/site/index.html') | Should -BeFalse
        (Get-EmulatorState $emulator).hits.'DELETE /files/api/resources/{**path}' | Should -BeNullOrEmpty
    }

    It 'refuses to copy a folder into itself' {
        New-StoredFolder $emulator 'drive/Home/c6/dir/sub'
        { Copy-OlaresItem drive/Home/c6/dir drive/Home/c6/dir/sub -Recurse -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
    }

    It 'reports a failed task as OlaresTaskFailed' {
        $null = New-StoredFile $emulator 'drive/Home/c7/a.txt'
        Set-FilesKnob $emulator @{ failNextTask = 'no space left' }
        $err = $null
        Copy-OlaresItem drive/Home/c7/a.txt drive/Home/c7/b.txt -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresTaskFailed,$fqid"
        $err[0].Exception.Message | Should -Match 'no space left'
    }

    It 'copies nothing with -WhatIf' {
        $null = New-StoredFile $emulator 'drive/Home/c8/a.txt'
        Copy-OlaresItem drive/Home/c8/a.txt drive/Home/c8/b.txt -WhatIf
        (Get-EmulatorState $emulator).hits.'PATCH /files/api/paste/{node}' | Should -BeNullOrEmpty
    }
}
