BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest -User 'alice:Passw0rd!:owner', 'bob:S3cret!:normal'
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.GetOlaresChildItemCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Get-OlaresChildItem' {
    It 'lists drive/Home by default, with full remote paths' {
        $items = Get-OlaresChildItem
        $items.Name | Should -Contain 'Documents'
        $docs = $items | Where-Object Name -eq 'Documents'
        $docs.Path | Should -Be 'drive/Home/Documents'
        $docs.ParentPath | Should -Be 'drive/Home'
        $docs.IsDirectory | Should -BeTrue
        $docs.Length | Should -BeNullOrEmpty
        $docs.Mode | Should -Be 'drwxr-xr-x'
        $docs | Should -BeOfType ([Olares.PowerShell.Output.OlaresItem])
    }

    It 'lists a folder, a file, and with -Recurse every level' {
        New-StoredFile $emulator 'drive/Home/ls/a b.txt' -Size 12
        New-StoredFile $emulator 'drive/Home/ls/sub/déjà vu/c.bin' -Size 7
        $top = Get-OlaresChildItem drive/Home/ls
        ($top.Name | Sort-Object) | Should -Be @('a b.txt', 'sub')
        ($top | Where-Object Name -eq 'a b.txt').Length | Should -Be 12
        (Get-OlaresChildItem 'drive/Home/ls/a b.txt').Path | Should -Be 'drive/Home/ls/a b.txt'
        $all = Get-OlaresChildItem drive/Home/ls -Recurse
        $all.Path | Should -Contain 'drive/Home/ls/sub/déjà vu/c.bin'
        $all.Count | Should -Be 4
    }

    It 'formats like Get-ChildItem: grouped by folder with Mode, LastWriteTime, Length and Name' {
        New-StoredFile $emulator 'drive/Home/fmt/x.txt' -Size 3
        $text = Get-OlaresChildItem drive/Home/fmt | Out-String
        $text | Should -Match 'Directory: drive/Home/fmt'
        $text | Should -Match 'Mode\s+LastWriteTime\s+Length\s+Name'
        $text | Should -Match '-rw-r--r--.*\s3\s+x\.txt'
    }

    It 'pipes into Remove-OlaresFile' {
        New-StoredFile $emulator 'drive/Home/tmp/one.txt'
        New-StoredFile $emulator 'drive/Home/tmp/two/three.txt'
        Get-OlaresChildItem drive/Home/tmp | Remove-OlaresFile -Recurse -Force
        @(Get-ChildItem (Get-StoredPath $emulator 'drive/Home/tmp')).Count | Should -Be 0
    }

    It 'takes paths from the pipeline' {
        New-StoredFile $emulator 'drive/Home/p1/f' ; New-StoredFile $emulator 'drive/Home/p2/g'
        ('drive/Home/p1', 'drive/Home/p2' | Get-OlaresChildItem).Name | Should -Be @('f', 'g')
    }

    It 'uses another profile with -Profile' {
        $null = Connect-Olares -OlaresId bob@olares.com -Credential (New-TestCredential 'bob' 'S3cret!') -ServiceUrlTemplate $emulator.Template -Name work -NoSwitch
        New-StoredFile $emulator 'drive/Home/bobs.txt' -User bob
        (Get-OlaresChildItem -Profile work).Name | Should -Contain 'bobs.txt'
        (Get-OlaresChildItem).Name | Should -Not -Contain 'bobs.txt'
    }

    It 'expands wildcards in the segments after the extend, case-sensitively, listing each folder once' {
        foreach ($n in 'IMG_01.jpg', 'IMG_02.jpg', 'img_03.jpg', 'notes.txt') { New-StoredFile $emulator "drive/Home/wc/2023/$n" }
        New-StoredFile $emulator 'drive/Home/wc/2024/IMG_10.jpg'
        New-StoredFile $emulator 'drive/Home/wc/1999/IMG_99.jpg'
        Reset-EmulatorCounters $emulator
        $items = Get-OlaresChildItem 'drive/Home/wc/202[3-4]/IMG_??.jpg'
        $items.Path | Should -Be @('drive/Home/wc/2023/IMG_01.jpg', 'drive/Home/wc/2023/IMG_02.jpg', 'drive/Home/wc/2024/IMG_10.jpg')
        # drive/Home (does wc exist?), wc, 2023 and 2024: one listing per folder, none per item.
        (Get-EmulatorState $emulator).hits.'GET /files/api/resources/{**path}' | Should -Be 4
        (Get-OlaresChildItem drive/Home/wc/*).Name | Should -Be @('1999', '2023', '2024')   # the matches themselves
        (Get-Command Get-OlaresChildItem).Parameters.Path.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
    }

    It 'takes several paths at once' {
        New-StoredFile $emulator 'drive/Home/many/a/1.txt'; New-StoredFile $emulator 'drive/Home/many/b/2.txt'
        (Get-OlaresChildItem drive/Home/many/a, drive/Home/many/b).Path | Should -Be @('drive/Home/many/a/1.txt', 'drive/Home/many/b/2.txt')
        (Get-OlaresChildItem -LiteralPath drive/Home/many/a, drive/Home/many/b).Count | Should -Be 2
    }

    It 'with -Recurse, filters names at every depth by a wildcard last segment' {
        New-StoredFile $emulator 'drive/Home/deep/a.jpg'; New-StoredFile $emulator 'drive/Home/deep/b.txt'
        New-StoredFile $emulator 'drive/Home/deep/x/c.jpg'; New-StoredFile $emulator 'drive/Home/deep/x/y/d.jpg'
        (Get-OlaresChildItem drive/Home/deep/*.jpg -Recurse).Path | Should -Be @('drive/Home/deep/a.jpg', 'drive/Home/deep/x/c.jpg', 'drive/Home/deep/x/y/d.jpg')
        (Get-OlaresChildItem drive/Home/deep/?/ -Recurse).Name | Should -Be @('c.jpg', 'y', 'd.jpg')   # a trailing '/': the folders, listed whole
    }

    It 'binds piped items to -LiteralPath, so brackets in a name are not a pattern' {
        New-StoredFolder $emulator 'drive/Home/br/x[1]'; New-StoredFile $emulator 'drive/Home/br/x[1]/inside.txt'
        New-StoredFolder $emulator 'drive/Home/br/x1'; New-StoredFile $emulator 'drive/Home/br/x1/other.txt'
        (Get-OlaresChildItem drive/Home/br | Where-Object Name -eq 'x[1]' | Get-OlaresChildItem).Name | Should -Be 'inside.txt'
        (Get-OlaresChildItem -LiteralPath 'drive/Home/br/x[1]').Name | Should -Be 'inside.txt'
        (Get-OlaresChildItem -LP 'drive/Home/br/x[1]').Name | Should -Be 'inside.txt'
        (Get-OlaresChildItem 'drive/Home/br/x`[1`]').Name | Should -Be 'inside.txt'
        (Get-OlaresChildItem 'drive/Home/br/x[1]').Path | Should -Be 'drive/Home/br/x1'   # as a pattern: the folder x1 itself
        ([pscustomobject]@{ Path = 'drive/Home/br/x?' } | Get-OlaresChildItem).Name | Should -Be 'x1'   # only a Path property: -Path
    }

    It 'is silent when a pattern matches nothing, but not for a missing folder or a broken pattern' {
        New-StoredFolder $emulator 'drive/Home/quiet'
        New-StoredFile $emulator 'drive/Home/quiet/chart[1].tgz'
        $err = $null
        Get-OlaresChildItem drive/Home/quiet/*.zip -ErrorVariable err | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
        Get-OlaresChildItem drive/Home/quiet/nothing/*.zip -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound,$fqid"
        $err[0].TargetObject | Should -Be 'drive/Home/quiet/nothing'
        Get-OlaresChildItem 'drive/Home/quiet/chart[1].tgz' -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound,$fqid"
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-LiteralPath'
        Reset-EmulatorCounters $emulator
        { Get-OlaresChildItem 'drive/Home/quiet/a[1.txt' -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidPath,$fqid"
        { Get-OlaresChildItem 'drive/*/x' -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidPath,$fqid"
        @((Get-EmulatorState $emulator).hits.PSObject.Properties).Count | Should -Be 0
    }

    It 'reports a missing path as OlaresNotFound' {
        $err = $null
        Get-OlaresChildItem drive/Home/does/not/exist -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound,$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'drive/Home/does/not/exist'
    }

    It 'refuses a malformed path before any request' {
        Reset-EmulatorCounters $emulator
        { Get-OlaresChildItem 'photos/x' -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidPath,$fqid"
        @((Get-EmulatorState $emulator).hits.PSObject.Properties).Count | Should -Be 0
    }

    It 'writes OlaresUnsafeRemoteName for hostile names and still lists the rest' {
        New-StoredFile $emulator 'drive/Home/hostile/fine.txt'
        Set-FilesKnob $emulator @{ hostile = @{ folder = 'drive/Home/hostile'; names = @('../x', 'a/b', '..') } }
        $err = $null
        $items = Get-OlaresChildItem drive/Home/hostile -ErrorAction SilentlyContinue -ErrorVariable err
        $items.Name | Should -Be 'fine.txt'
        $err.Count | Should -Be 3
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -Be "OlaresUnsafeRemoteName,$fqid" }
        $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
        Reset-EmulatorCounters $emulator
    }

    It 'turns a 500 into OlaresServerError' {
        Invoke-EmulatorAdmin $emulator 'fail' POST @{ target = 'resources'; status = 500 } | Out-Null
        { Get-OlaresChildItem drive/Home -ErrorAction Stop } | Should -Throw -ErrorId "OlaresServerError,$fqid"
    }

    It 'fails fast with a typed error when not logged in' {
        $other = New-TestHome
        try { { Get-OlaresChildItem -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNoProfile,$fqid" }
        finally { Remove-TestHome $other; $env:OLARES_CLI_HOME = Join-Path $testHome 'config'; $env:OLARES_CLI_DATA_DIR = Join-Path $testHome 'data' }
    }

    It 'lists entries with values no file has, and refuses names that are paths' {
        New-StoredFolder $emulator 'drive/Home/odd'
        Set-FilesKnob $emulator @{ hostileEntries = @{ folder = 'drive/Home/odd'; entries = @(
                    @{ name = 'negative'; size = -5 }, @{ name = 'overflow'; size = 1e30 }, @{ name = 'zero-time'; modified = '0001-01-01T00:00:00Z' },
                    @{ name = 'nanoseconds'; modified = 1717171717000000000 }, @{ name = 'a/b' }) } }
        $err = $null
        $items = Get-OlaresChildItem drive/Home/odd -ErrorAction SilentlyContinue -ErrorVariable err
        ($items.Name | Sort-Object) | Should -Be @('nanoseconds', 'negative', 'overflow', 'zero-time')
        ($items | Where-Object Name -eq 'zero-time').LastWriteTime | Should -BeNullOrEmpty
        ($items | Where-Object Name -eq 'nanoseconds').LastWriteTime.Year | Should -Be 2024
        ($items | Where-Object Name -eq 'negative').Length | Should -Be 0
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresUnsafeRemoteName,$fqid"
        { $items | Format-Table | Out-String } | Should -Not -Throw
    }
}
