namespace Olares { internal static class Placeholder { } }
