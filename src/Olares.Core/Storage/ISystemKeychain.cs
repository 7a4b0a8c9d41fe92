using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using Olares.Errors;

namespace Olares.Storage
{
    /// <summary>The macOS login Keychain's generic passwords, as go-keyring uses them. Injectable for tests.</summary>
    public interface ISystemKeychain
    {
        /// <summary>The stored password, or null when the item does not exist.</summary>
        /// <exception cref="SystemKeychainUnavailableException">Access denied, locked, timed out or the tool failed.</exception>
        string? Find(string service, string account);

        /// <summary>Adds or updates the item.</summary>
        /// <exception cref="SystemKeychainUnavailableException">Access denied, locked, timed out or the tool failed.</exception>
        void Add(string service, string account, string password);

        /// <summary>Deletes the item; false when it did not exist.</summary>
        /// <exception cref="SystemKeychainUnavailableException">Access denied, locked, timed out or the tool failed.</exception>
        bool Delete(string service, string account);
    }

    /// <summary>The system keychain could not be used (denied, locked, no GUI session to ask, timed out).</summary>
    public sealed class SystemKeychainUnavailableException : Exception
    {
        public SystemKeychainUnavailableException(string message, Exception? inner = null)
            : base(message, inner)
        {
        }
    }
}
