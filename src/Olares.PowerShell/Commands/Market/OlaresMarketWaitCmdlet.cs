using System;
using System.Management.Automation;
using Olares.Market;

namespace Olares.PowerShell.Commands.Market
{
    /// <summary>A market cmdlet that can wait for an app to settle: -Wait, -Timeout, -PollInterval.</summary>
    public abstract class OlaresMarketWaitCmdlet : OlaresMarketCmdlet
    {
        /// <summary>Waits until the app reaches a terminal state and outputs the final state.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait waits, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int Timeout { get; set; } = (int)WatchOptions.DefaultTimeout.TotalSeconds;

        /// <summary>How often -Wait polls the app's state, in seconds.</summary>
        [Parameter]
        [ValidateRange(0.05, 3600)]
        public double PollInterval { get; set; } = WatchOptions.DefaultInterval.TotalSeconds;

        protected WatchOptions WatchOptions => new WatchOptions
        {
            Timeout = TimeSpan.FromSeconds(Timeout),
            Interval = TimeSpan.FromSeconds(PollInterval),
        };
    }
}
