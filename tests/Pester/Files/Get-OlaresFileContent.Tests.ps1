BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.GetOlaresFileContentCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Get-OlaresFileContent' {
    It 'streams the lines of a UTF-8 text file' {
        $path = Get-StoredPath $emulator 'drive/Home/notes.txt'
        $null = New-Item -ItemType Directory -Force (Split-Path $path)
        [IO.File]::WriteAllText($path, "first line`nsecond: ünïcödé`r`nthird", [Text.UTF8Encoding]::new($true))
        $lines = Get-OlaresFileContent drive/Home/notes.txt
        $lines | Should -Be @('first line', 'second: ünïcödé', 'third')
    }

    It 'writes the bytes with -AsByteStream' {
        $stored = New-StoredFile $emulator 'drive/Home/bytes.bin' -Size 70000 -Seed 3
        [byte[]] $bytes = Get-OlaresFileContent drive/Home/bytes.bin -AsByteStream
        $bytes.Length | Should -Be 70000
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)) | Should -Be (Get-Sha256 $stored)
    }

    It 'stops reading when the pipeline has enough' {
        $path = Get-StoredPath $emulator 'drive/Home/long.txt'
        $text = [Text.StringBuilder]::new()
        for ($i = 1; $i -le 50000; $i++) { $null = $text.Append('line ').Append($i).Append("`n") }
        [IO.File]::WriteAllText($path, $text.ToString())
        Get-OlaresFileContent drive/Home/long.txt | Select-Object -First 2 | Should -Be @('line 1', 'line 2')
    }

    It 'takes the path from a listing' {
        New-StoredFile $emulator 'drive/Home/pipe/x.txt' -Size 0
        [IO.File]::WriteAllText((Get-StoredPath $emulator 'drive/Home/pipe/x.txt'), 'piped')
        Get-OlaresChildItem drive/Home/pipe | Get-OlaresFileContent | Should -Be 'piped'
    }

    It 'reads the files of several paths and of a wildcard one after the other; a folder a pattern matches is an error' {
        foreach ($n in 'a', 'b', 'c') { [IO.File]::WriteAllText((New-StoredFile $emulator "drive/Home/logs/$n.log"), "line of $n") }
        New-StoredFolder $emulator 'drive/Home/logs/old.log'
        $err = $null
        Get-OlaresFileContent drive/Home/logs/*.log -ErrorAction SilentlyContinue -ErrorVariable err | Should -Be @('line of a', 'line of b', 'line of c')
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresIsDirectory,$fqid"
        Get-OlaresFileContent drive/Home/logs/c.log, drive/Home/logs/a.log | Should -Be @('line of c', 'line of a')
        Get-OlaresFileContent drive/Home/logs/*.txt | Should -BeNullOrEmpty
    }

    It 'reads a name with brackets through -LiteralPath, or piped' {
        [IO.File]::WriteAllText((New-StoredFile $emulator 'drive/Home/br/v[1].txt'), 'bracketed')
        [IO.File]::WriteAllText((New-StoredFile $emulator 'drive/Home/br/v1.txt'), 'plain')
        Get-OlaresFileContent -LiteralPath 'drive/Home/br/v[1].txt' | Should -Be 'bracketed'
        Get-OlaresFileContent 'drive/Home/br/v[1].txt' | Should -Be 'plain'
        Get-OlaresChildItem drive/Home/br | Where-Object Name -eq 'v[1].txt' | Get-OlaresFileContent | Should -Be 'bracketed'
    }

    It 'refuses a folder with OlaresIsDirectory' {
        { Get-OlaresFileContent drive/Home/Documents -ErrorAction Stop } | Should -Throw -ErrorId "OlaresIsDirectory,$fqid"
    }

    It 'reports a missing file as OlaresNotFound' {
        { Get-OlaresFileContent drive/Home/nope.txt -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
    }

    It 'turns a 500 from the raw endpoint into OlaresServerError' {
        New-StoredFile $emulator 'drive/Home/err.txt'
        Invoke-EmulatorAdmin $emulator 'fail' POST @{ target = 'raw'; status = 500 } | Out-Null
        { Get-OlaresFileContent drive/Home/err.txt -ErrorAction Stop } | Should -Throw -ErrorId "OlaresServerError,$fqid"
    }

    It 'reports a connection reset mid-body as OlaresTransferFailed, a ConnectionError' {
        $null = New-StoredFile $emulator 'drive/Home/cut.bin' -Size 400000
        Set-FilesKnob $emulator @{ dropDownload = @{ afterBytes = 100000; count = 1 } }
        $err = $null
        $null = Get-OlaresFileContent drive/Home/cut.bin -AsByteStream -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresTransferFailed,$fqid"
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
    }
}
