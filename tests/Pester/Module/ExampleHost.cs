// A PowerShell host for running help examples as a user would type them: prompts (Read-Host, passwords, two-factor
// codes, confirmations) are answered from a queue the test fills, and everything the host would print is kept, at
// the width of an 80-column console. Compiled by Examples.Tests.ps1 with Add-Type.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace OlaresExamples
{
    public sealed class ExampleHost : PSHost
    {
        private readonly ExampleHostUserInterface _ui = new ExampleHostUserInterface();
        private readonly Guid _id = Guid.NewGuid();

        public ExampleHostUserInterface Console => _ui;

        public override CultureInfo CurrentCulture => CultureInfo.GetCultureInfo("en-US");

        public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");

        public override Guid InstanceId => _id;

        public override string Name => "OlaresExampleHost";

        public override PSHostUserInterface UI => _ui;

        public override Version Version => new Version(1, 0);

        public override void EnterNestedPrompt() => throw new NotSupportedException();

        public override void ExitNestedPrompt() => throw new NotSupportedException();

        public override void NotifyBeginApplication() { }

        public override void NotifyEndApplication() { }

        public override void SetShouldExit(int exitCode) { }
    }

    public sealed class ExampleHostUserInterface : PSHostUserInterface
    {
        private readonly ExampleRawUserInterface _raw = new ExampleRawUserInterface();

        /// <summary>Answers to the prompts, in the order they will be asked.</summary>
        public Queue<string> Answers { get; } = new Queue<string>();

        /// <summary>Everything written to the host, prompts included.</summary>
        public StringBuilder Text { get; } = new StringBuilder();

        public List<string> Prompts { get; } = new List<string>();

        public override PSHostRawUserInterface RawUI => _raw;

        private string Next(string what)
        {
            Prompts.Add(what);
            if (Answers.Count == 0) throw new InvalidOperationException("The example asked for input nobody prepared: " + what);
            return Answers.Dequeue();
        }

        private static SecureString Secure(string text)
        {
            var s = new SecureString();
            foreach (var c in text) s.AppendChar(c);
            s.MakeReadOnly();
            return s;
        }

        public override string ReadLine() => Next("ReadLine");

        public override SecureString ReadLineAsSecureString() => Secure(Next("ReadLineAsSecureString"));

        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
        {
            var result = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                Text.Append(field.Name).Append(": ");
                var answer = Next("Prompt " + field.Name);
                var secure = field.ParameterTypeFullName == typeof(SecureString).FullName;
                result[field.Name] = new PSObject(secure ? (object)Secure(answer) : answer);
            }

            return result;
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
        {
            // As the console host does: the caption and the message, then the question.
            Text.AppendLine(caption).AppendLine(message);
            return new PSCredential(userName, Secure(Next("PromptForCredential " + userName)));
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => PromptForCredential(caption, message, userName, targetName);

        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Text.AppendLine(caption).AppendLine(message);
            var answer = Next("PromptForChoice " + message);
            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label.Replace("&", string.Empty);
                var hotkey = choices[i].Label.IndexOf('&') is var at && at >= 0 && at + 1 < choices[i].Label.Length ? choices[i].Label.Substring(at + 1, 1) : label.Substring(0, 1);
                if (string.Equals(answer, label, StringComparison.OrdinalIgnoreCase) || string.Equals(answer, hotkey, StringComparison.OrdinalIgnoreCase)) return i;
            }

            throw new InvalidOperationException("'" + answer + "' is not one of the choices of: " + message);
        }

        public override void Write(string value) => Text.Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Text.Append(value);

        public override void WriteLine(string value) => Text.AppendLine(value);

        public override void WriteErrorLine(string value) => Text.AppendLine(value);

        public override void WriteDebugLine(string message) => Text.AppendLine("DEBUG: " + message);

        public override void WriteVerboseLine(string message) => Text.AppendLine("VERBOSE: " + message);

        public override void WriteWarningLine(string message) => Text.AppendLine("WARNING: " + message);

        public override void WriteProgress(long sourceId, ProgressRecord record) { }
    }

    public sealed class ExampleRawUserInterface : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Size BufferSize { get; set; } = new Size(80, 9999);

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; }

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new Size(80, 50);

        public override Size MaxWindowSize => new Size(80, 50);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get; set; } = new Size(80, 50);

        public override string WindowTitle { get; set; } = string.Empty;

        public override void FlushInputBuffer() { }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException("The example host cannot read keys.");

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }
    }
}
