using System.Runtime.InteropServices;

namespace Olares.Locking
{
    /// <summary>
    /// open(2) flag values, which differ between architectures: O_NOFOLLOW is 0400000 on x86, x86-64, s390x, RISC-V
    /// and LoongArch (the asm-generic value) but 0100000 on ARM, ARM64 and PowerPC, where 0400000 means O_LARGEFILE
    /// or O_DIRECT instead (linux arch/*/include/uapi/asm/fcntl.h). macOS has one set of values everywhere.
    /// </summary>
    internal static class UnixOpenFlags
    {
        private const int ReadWrite = 0x2;

        public static int ReadWriteCloseOnExecNoFollow(bool macOS, Architecture architecture)
        {
            if (macOS) return ReadWrite | 0x1000000 /* O_CLOEXEC */ | 0x100 /* O_NOFOLLOW */;
            return ReadWrite | 0x80000 /* O_CLOEXEC, 02000000 on every Linux architecture here */ | LinuxNoFollow(architecture);
        }

        public static int LinuxNoFollow(Architecture architecture)
        {
            switch (architecture)
            {
                case Architecture.Arm:
                case Architecture.Arm64:
#if NET
                case Architecture.Armv6:
                case Architecture.Ppc64le:
#endif
                    return 0x8000; // 0100000
                default:
                    return 0x20000; // 0400000
            }
        }
    }
}
