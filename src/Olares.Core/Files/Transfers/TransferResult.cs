using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// One element of a transfer's outcome stream: a file done, a file failed, or a problem found on the way (a local
    /// path that does not exist, a refused name, a folder that could not be made). Results and errors travel in one
    /// stream, in the order they happen.
    /// </summary>
    public abstract class TransferResult
    {
        protected TransferResult(OlaresException? error)
        {
            Error = error;
        }

        /// <summary>Null when this item succeeded.</summary>
        public OlaresException? Error { get; }
    }
}
