using System.Management.Automation;

namespace Olares.PowerShell.Infrastructure
{
    internal static class ProgressMapping
    {
        public static ProgressRecord ToRecord(OlaresProgress p)
        {
            var record = new ProgressRecord(p.ActivityId, string.IsNullOrEmpty(p.Activity) ? "Olares" : p.Activity,
                string.IsNullOrEmpty(p.StatusDescription) ? " " : p.StatusDescription)
            {
                ParentActivityId = p.ParentActivityId,
                PercentComplete = p.PercentComplete < -1 ? -1 : (p.PercentComplete > 100 ? 100 : p.PercentComplete),
                SecondsRemaining = p.SecondsRemaining,
                RecordType = p.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            if (!string.IsNullOrEmpty(p.CurrentOperation)) record.CurrentOperation = p.CurrentOperation;
            return record;
        }
    }
}
