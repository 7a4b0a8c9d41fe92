namespace Olares.Files
{
    /// <summary>Progress activity ids of the files operations, chosen once here (not by each cmdlet).</summary>
    public static class FilesActivity
    {
        public const int Download = 0x0F11E;
        public const int Upload = 0x0F12E;
        public const int Paste = 0x0F13E;
    }
}
