// Each journey starts its own Foyer and its own Chromium; on a 2-core machine they run one after another so that a
// cold start never races three others for the CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
