BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait

    # A Helm chart package: <name>/Chart.yaml in a .tgz.
    function New-Chart([string] $Directory, [string] $Name, [string] $Version) {
        $src = Join-Path $Directory "src-$Name-$Version"
        $null = New-Item -ItemType Directory -Force (Join-Path $src $Name)
        Set-Content (Join-Path $src "$Name/Chart.yaml") "apiVersion: v2`nname: $Name`nversion: $Version`n"
        $path = Join-Path $Directory "$Name-$Version.tgz"
        $file = [IO.File]::Create($path)
        try {
            $gzip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Fastest)
            try { [System.Formats.Tar.TarFile]::CreateFromDirectory($src, $gzip, $false) } finally { $gzip.Dispose() }
        }
        finally { $file.Dispose() }
        $path
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Import-OlaresAppChart' {
    BeforeEach {
        $testHome = Initialize-MarketTest $emulator
        $charts = Join-Path $testHome 'charts'
        $null = New-Item -ItemType Directory $charts
    }
    AfterEach { Remove-TestHome $testHome }

    It 'uploads a chart to the upload source as multipart chart + source' {
        $path = New-Chart $charts demoapp 0.2.0
        $r = Import-OlaresAppChart $path
        ($r.Name, $r.Version, $r.Source, $r.Operation, $r.Status) | Should -Be @('demoapp', '0.2.0', 'upload', 'upload', 'success')
        $req = Get-MarketRequest $emulator -Method POST -Path '/apps/upload'
        $req.body.source | Should -Be 'upload'
        $req.body.chart | Should -Be 'demoapp-0.2.0.tgz'
        $req.body.chartLength | Should -Be (Get-Item $path).Length
        (Get-OlaresApp demoapp).Source | Should -Be 'upload'
    }

    It 'takes files from Get-ChildItem and pipes into Install-OlaresApp' {
        $null = New-Chart $charts one 1.0.0
        $null = New-Chart $charts two 2.0.0
        $results = Get-ChildItem $charts -Filter *.tgz | Import-OlaresAppChart | Install-OlaresApp -Wait @fast
        ($results | Sort-Object Name).Name | Should -Be @('one', 'two')
        ($results | Sort-Object Name).Source | Should -Be @('upload', 'upload')
        ($results | Sort-Object Name).State | Should -Be @('running', 'running')
    }

    It 'resolves wildcards and uploads to another source' {
        $null = New-Chart $charts three 3.0.0
        (Import-OlaresAppChart (Join-Path $charts 'th*.tgz') -Source studio).Source | Should -Be 'studio'
    }

    It 'reports a missing file and a bad chart as typed errors' {
        $e = Get-ErrorRecord { Import-OlaresAppChart (Join-Path $charts 'none.tgz') -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresChartNotFound,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $bad = Join-Path $charts 'bad.tgz'
        Set-Content $bad 'not a chart'
        $e = Get-ErrorRecord { Import-OlaresAppChart $bad -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresRequestFailed,*'
        $e.Exception.Message | Should -Match 'Chart.yaml'
    }

    It 'reads brackets in -Path as wildcards, says so when nothing matches, and takes -LiteralPath and piped files as written' {
        $made = New-Chart $charts bracket 1.0.0
        $path = Join-Path $charts 'chart[1].tgz'
        Move-Item -LiteralPath $made -Destination $path
        $e = Get-ErrorRecord { Import-OlaresAppChart $path -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresChartNotFound,*'
        $e.ErrorDetails.RecommendedAction | Should -Match '-LiteralPath'
        Get-MarketRequest $emulator -Method POST -Path '/apps/upload' | Should -BeNullOrEmpty
        (Import-OlaresAppChart -LiteralPath $path).Name | Should -Be 'bracket'
        (Get-Item -LiteralPath $path | Import-OlaresAppChart).Name | Should -Be 'bracket'
        @(Get-MarketRequest $emulator -Method POST -Path '/apps/upload').Count | Should -Be 2
        $e = Get-ErrorRecord { Import-OlaresAppChart (Join-Path $charts 'none*.tgz') -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresChartNotFound,*'
    }

    It 'does nothing with -WhatIf' {
        $path = New-Chart $charts demoapp 0.2.0
        Import-OlaresAppChart $path -WhatIf
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }
}
