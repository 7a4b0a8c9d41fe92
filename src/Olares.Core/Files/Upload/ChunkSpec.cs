namespace Olares.Files
{
    /// <summary>Where one chunk sits in its file.</summary>
    public sealed class ChunkSpec
    {
        public ChunkSpec(int index, int count, long nominalSize, long offset, long length, string identifier)
        {
            Index = index;
            Count = count;
            NominalSize = nominalSize;
            Offset = offset;
            Length = length;
            Identifier = identifier;
        }

        /// <summary>0-based (the wire counts from 1).</summary>
        public int Index { get; }

        public int Count { get; }

        public long NominalSize { get; }

        public long Offset { get; }

        public long Length { get; }

        public string Identifier { get; }

        public string Describe(UploadJob job) => "upload chunk " + (Index + 1) + "/" + Count + " of " + job.Target;
    }
}
