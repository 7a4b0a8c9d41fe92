BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.NewOlaresFolderCommand'
    $posts = 'POST /files/api/resources/{**path}'
}

AfterAll { Stop-FilesTest $test }

Describe 'New-OlaresFolder' {
    BeforeEach { Reset-EmulatorCounters $emulator }

    It 'creates a folder and returns it' {
        $item = New-OlaresFolder 'drive/Home/New Folder ü'
        $item.Path | Should -Be 'drive/Home/New Folder ü'
        $item.IsDirectory | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/New Folder ü') -PathType Container | Should -BeTrue
    }

    It 'lists first, so an existing folder is an error and never becomes "name (1)"' {
        New-StoredFolder $emulator 'drive/Home/exists'
        { New-OlaresFolder drive/Home/exists -ErrorAction Stop } | Should -Throw -ErrorId "OlaresRemoteItemExists,$fqid"
        (Get-EmulatorState $emulator).hits.$posts | Should -BeNullOrEmpty
        Test-Path (Get-StoredPath $emulator 'drive/Home/exists (1)') | Should -BeFalse
    }

    It 'creates the missing parents with -Parents, and is idempotent' {
        New-StoredFolder $emulator 'drive/Home/p'
        (New-OlaresFolder drive/Home/p/q/r/s -Parents).Path | Should -Be 'drive/Home/p/q/r/s'
        (Get-EmulatorState $emulator).hits.$posts | Should -Be 3
        (New-OlaresFolder drive/Home/p/q/r/s -Parents).Path | Should -Be 'drive/Home/p/q/r/s'
        (Get-EmulatorState $emulator).hits.$posts | Should -Be 3
        @(Get-ChildItem (Get-StoredPath $emulator 'drive/Home/p')).Name | Should -Be 'q'
    }

    It 'needs -Parents when the parent is missing' {
        { New-OlaresFolder drive/Home/no/such/parent -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
    }

    It 'refuses reserved names and read-only places: <Path>' -ForEach @(
        @{ Path = 'drive/Home/a/../b'; Id = 'OlaresInvalidPath' }
        @{ Path = 'external/node-1/newvolume'; Id = 'OlaresReadOnlyLocation' }
        @{ Path = 'drive/Home'; Id = 'OlaresRemoteItemExists' }
    ) {
        { New-OlaresFolder $Path -ErrorAction Stop } | Should -Throw -ErrorId "$Id,$fqid"
    }

    It 'creates several folders, takes names as written, and knows -Force and -LiteralPath as New-Item users type them' {
        $items = New-OlaresFolder drive/Home/nf/a, 'drive/Home/nf/b[1]' -Force
        $items.Path | Should -Be @('drive/Home/nf/a', 'drive/Home/nf/b[1]')
        Test-Path -LiteralPath (Get-StoredPath $emulator 'drive/Home/nf/b[1]') -PathType Container | Should -BeTrue
        (New-OlaresFolder -LiteralPath 'drive/Home/nf/c*' -Force).Path | Should -Be 'drive/Home/nf/c*'
        (New-OlaresFolder -LP drive/Home/nf/a -Force).Path | Should -Be 'drive/Home/nf/a'   # -Force: an existing folder is fine
        (Get-Command New-OlaresFolder).Parameters.Parents.Aliases | Should -Contain 'Force'
    }

    It 'creates nothing with -WhatIf' {
        New-OlaresFolder drive/Home/whatif -WhatIf
        Test-Path (Get-StoredPath $emulator 'drive/Home/whatif') | Should -BeFalse
    }

    It 'refuses a file in the way' {
        $null = New-StoredFile $emulator 'drive/Home/afile'
        { New-OlaresFolder drive/Home/afile/sub -Parents -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotADirectory,$fqid"
    }
}
