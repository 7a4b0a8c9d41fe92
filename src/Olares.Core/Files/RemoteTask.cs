using System;
using System.Globalization;
using System.Text.Json;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>A server-side task (copy/move paste, cloud upload stage 2) as GET /api/task/&lt;node&gt;/ reports it.</summary>
    public sealed class RemoteTask
    {
        public RemoteTask(string id, string node, string status, int progress, string? failedReason)
        {
            Id = id;
            Node = node;
            Status = status;
            Progress = progress;
            FailedReason = failedReason;
        }

        public string Id { get; }

        public string Node { get; }

        /// <summary>As the server says it: pending, running, completed, failed, canceled/cancelled...</summary>
        public string Status { get; }

        /// <summary>0–100 when the server reports it.</summary>
        public int Progress { get; }

        public string? FailedReason { get; }

        public bool IsCompleted => string.Equals(Status, "completed", StringComparison.OrdinalIgnoreCase);

        public bool IsFailed => string.Equals(Status, "failed", StringComparison.OrdinalIgnoreCase);

        public bool IsCancelled =>
            string.Equals(Status, "canceled", StringComparison.OrdinalIgnoreCase) || string.Equals(Status, "cancelled", StringComparison.OrdinalIgnoreCase);

        public bool IsFinished => IsCompleted || IsFailed || IsCancelled;

        /// <summary>Reads {task:{id,status,progress,failed_reason,...}}; null when the answer has no task object.</summary>
        public static RemoteTask? Parse(JsonElement root, string node, string taskId)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("task", out var task) || task.ValueKind != JsonValueKind.Object) return null;
            var id = JsonFields.String(task, "id");
            var status = JsonFields.String(task, "status");
            var progress = 0;
            if (task.TryGetProperty("progress", out var p))
            {
                if (p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var d)) progress = (int)Math.Max(0, Math.Min(100, d));
                else if (p.ValueKind == JsonValueKind.String && double.TryParse(p.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ds)) progress = (int)Math.Max(0, Math.Min(100, ds));
            }

            var reason = JsonFields.String(task, "failed_reason");
            return new RemoteTask(string.IsNullOrEmpty(id) ? taskId : id!, node, status ?? string.Empty, progress, reason);
        }
    }
}
