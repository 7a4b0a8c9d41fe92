namespace Olares.PowerShell { internal static class Placeholder { } }
