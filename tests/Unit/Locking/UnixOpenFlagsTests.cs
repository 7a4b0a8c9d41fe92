using System.Runtime.InteropServices;
using Olares.Locking;
using Xunit;

namespace Olares.Tests.Locking;

/// <summary>C9: O_NOFOLLOW has different values on different Linux architectures; a wrong one follows planted symlinks.</summary>
public sealed class UnixOpenFlagsTests
{
    [Theory]
    [InlineData(Architecture.X64, 0x20000)]
    [InlineData(Architecture.X86, 0x20000)]
    [InlineData(Architecture.S390x, 0x20000)]
    [InlineData(Architecture.RiscV64, 0x20000)]
    [InlineData(Architecture.LoongArch64, 0x20000)]
    [InlineData(Architecture.Arm64, 0x8000)]
    [InlineData(Architecture.Arm, 0x8000)]
    [InlineData(Architecture.Armv6, 0x8000)]
    [InlineData(Architecture.Ppc64le, 0x8000)]
    public void Linux_no_follow_takes_the_architectures_value(Architecture architecture, int expected)
    {
        Assert.Equal(expected, UnixOpenFlags.LinuxNoFollow(architecture));
        Assert.Equal(0x2 | 0x80000 | expected, UnixOpenFlags.ReadWriteCloseOnExecNoFollow(false, architecture));
    }

    [Fact]
    public void MacOS_has_one_set_of_values()
    {
        Assert.Equal(0x2 | 0x1000000 | 0x100, UnixOpenFlags.ReadWriteCloseOnExecNoFollow(true, Architecture.Arm64));
        Assert.Equal(0x2 | 0x1000000 | 0x100, UnixOpenFlags.ReadWriteCloseOnExecNoFollow(true, Architecture.X64));
    }
}
