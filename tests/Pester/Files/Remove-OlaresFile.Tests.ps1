BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.RemoveOlaresFileCommand'
    $deletes = 'DELETE /files/api/resources/{**path}'
}

AfterAll { Stop-FilesTest $test }

Describe 'Remove-OlaresFile' {
    BeforeEach { Reset-EmulatorCounters $emulator }

    It 'has ConfirmImpact High' {
        $type = (Get-Command Remove-OlaresFile).ImplementingType
        $attr = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]
        $attr.ConfirmImpact | Should -Be 'High'
        $attr.SupportsShouldProcess | Should -BeTrue
    }

    It 'deletes nothing with -WhatIf' {
        $f = New-StoredFile $emulator 'drive/Home/w/keep.txt'
        Remove-OlaresFile drive/Home/w/keep.txt -WhatIf
        Test-Path $f | Should -BeTrue
        (Get-EmulatorState $emulator).hits.$deletes | Should -BeNullOrEmpty
    }

    It 'asks for confirmation, so a host that cannot prompt refuses without -Force' {
        $f = New-StoredFile $emulator 'drive/Home/ni/x.txt'
        $refused = Invoke-InRunspace 'Remove-OlaresFile drive/Home/ni/x.txt'
        $refused.Errors | Should -Not -BeNullOrEmpty
        Test-Path $f | Should -BeTrue
        $forced = Invoke-InRunspace 'Remove-OlaresFile drive/Home/ni/x.txt -Force'
        $forced.Errors | Should -BeNullOrEmpty
        Test-Path $f | Should -BeFalse
    }

    It 'deletes the items of one folder with one request' {
        $a = New-StoredFile $emulator 'drive/Home/b/a.txt'; $b = New-StoredFile $emulator 'drive/Home/b/b.txt'
        $c = New-StoredFile $emulator 'drive/Home/b/c.txt'; $d = New-StoredFile $emulator 'drive/Home/other/d.txt'
        Remove-OlaresFile drive/Home/b/a.txt, drive/Home/b/b.txt, drive/Home/other/d.txt, drive/Home/b/c.txt -Confirm:$false
        (Test-Path $a), (Test-Path $b), (Test-Path $c), (Test-Path $d) | Should -Be @($false, $false, $false, $false)
        (Get-EmulatorState $emulator).hits.$deletes | Should -Be 2
    }

    It 'refuses a folder without -Recurse and deletes it with -Recurse' {
        $f = New-StoredFile $emulator 'drive/Home/dir/sub/f.txt'
        { Remove-OlaresFile drive/Home/dir -Force -ErrorAction Stop } | Should -Throw -ErrorId "OlaresIsDirectory,$fqid"
        Test-Path $f | Should -BeTrue
        Remove-OlaresFile drive/Home/dir -Recurse -Force
        Test-Path (Get-StoredPath $emulator 'drive/Home/dir') | Should -BeFalse
    }

    It 'refuses protected folders before any request: <Path>' -ForEach @(
        @{ Path = 'drive/Home/Documents' }, @{ Path = 'drive/Home/Pictures' }, @{ Path = 'drive/Home' }, @{ Path = 'external/node-1/hdd1' }
    ) {
        { Remove-OlaresFile $Path -Recurse -Force -ErrorAction Stop } | Should -Throw -ErrorId "OlaresProtectedPath,$fqid"
        @((Get-EmulatorState $emulator).hits.PSObject.Properties).Count | Should -Be 0
    }

    It 'reports a missing item without stopping the others' {
        $keep = New-StoredFile $emulator 'drive/Home/m/real.txt'
        $err = $null
        Remove-OlaresFile drive/Home/m/ghost.txt, drive/Home/m/real.txt -Force -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound,$fqid"
        $err[0].TargetObject | Should -Be 'drive/Home/m/ghost.txt'
        Test-Path $keep | Should -BeFalse
    }

    It 'takes a recursive listing from the pipeline without complaining about items already gone' {
        $null = New-StoredFile $emulator 'drive/Home/deep/a/b/c.txt'; $null = New-StoredFile $emulator 'drive/Home/deep/x.txt'
        $err = $null
        Get-OlaresChildItem drive/Home/deep -Recurse | Remove-OlaresFile -Recurse -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
        @(Get-ChildItem (Get-StoredPath $emulator 'drive/Home/deep')).Count | Should -Be 0
    }

    It 'deletes what a wildcard matches: one listing and one request for the folder, each item confirmed by its path' {
        foreach ($n in 'a.log', 'b.log', 'keep.txt', 'C.LOG') { $null = New-StoredFile $emulator "drive/Home/wl/$n" }
        Reset-EmulatorCounters $emulator
        $text = Remove-OlaresFile drive/Home/wl/*.log -Force -Verbose 4>&1 | Out-String
        $text | Should -Match 'Performing the operation "Delete the file" on target "alice@olares.com: drive/Home/wl/a\.log"'
        $text | Should -Match 'on target "alice@olares.com: drive/Home/wl/b\.log"'
        $text | Should -Not -Match 'keep|C\.LOG'
        (Get-ChildItem (Get-StoredPath $emulator 'drive/Home/wl')).Name | Sort-Object | Should -Be @('C.LOG', 'keep.txt')
        $hits = (Get-EmulatorState $emulator).hits
        $hits.$deletes | Should -Be 1
        $hits.'GET /files/api/resources/{**path}' | Should -Be 2   # drive/Home (is wl there?) and wl, shared by the expansion and the removal
    }

    It 'deletes nothing and says nothing when a pattern matches nothing' {
        $null = New-StoredFile $emulator 'drive/Home/none/x.txt'
        $err = $null
        Remove-OlaresFile drive/Home/none/*.log -Force -ErrorVariable err
        $err | Should -BeNullOrEmpty
        (Get-EmulatorState $emulator).hits.$deletes | Should -BeNullOrEmpty
    }

    It 'takes piped items literally: an item named with brackets never deletes another one' {
        $null = New-StoredFile $emulator 'drive/Home/lit/x[1].txt'; $one = New-StoredFile $emulator 'drive/Home/lit/x1.txt'
        Get-OlaresChildItem drive/Home/lit | Where-Object Name -eq 'x[1].txt' | Remove-OlaresFile -Force
        Test-Path -LiteralPath (Get-StoredPath $emulator 'drive/Home/lit/x[1].txt') | Should -BeFalse
        Test-Path $one | Should -BeTrue
        $null = New-StoredFile $emulator 'drive/Home/lit/y[1].txt'
        Remove-OlaresFile -LiteralPath 'drive/Home/lit/y[1].txt' -Force
        Test-Path -LiteralPath (Get-StoredPath $emulator 'drive/Home/lit/y[1].txt') | Should -BeFalse
        Test-Path $one | Should -BeTrue
    }

    It 'turns a server failure into a typed error' {
        $null = New-StoredFile $emulator 'drive/Home/f/x.txt'
        Invoke-EmulatorAdmin $emulator 'fail' POST @{ target = 'resources'; status = 403; count = 2 } | Out-Null
        { Remove-OlaresFile drive/Home/f/x.txt -Force -ErrorAction Stop } | Should -Throw -ErrorId "OlaresPermissionDenied,$fqid"
    }
}
