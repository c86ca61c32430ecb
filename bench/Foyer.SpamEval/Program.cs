using Foyer.Tests.Features.Blogs.Spam;

// dotnet run --project bench/Foyer.SpamEval [-- [--mistakes] [--explain] [--swap] [--starter-only] [path/to/evaluation-set.tsv]]
//   --mistakes  list the misjudged held-out comments with reasons; --explain adds their strongest features
//   --swap      train on the other half and judge the first one (the second fold of a two-fold cross-validation)
//   --starter-only  no training from the set: how the filter does out of the box, with the starter model alone
var explain = args.Contains("--explain");
var listMistakes = explain || args.Contains("--mistakes");
var swap = args.Contains("--swap");
var starterOnly = args.Contains("--starter-only");
var path = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
    ?? Path.Combine(AppContext.BaseDirectory, SpamEvaluation.FileName);
var set = SpamEvaluation.Load(path);
Console.WriteLine($"Evaluation set: {path}");
Console.WriteLine($"{set.Count} comments: {set.Count(c => !c.IsSpam)} ham, {set.Count(c => c.IsSpam)} spam");
if (swap) Console.WriteLine("Halves swapped (--swap)");
if (starterOnly) Console.WriteLine("Starter model only (--starter-only)");
var report = await SpamEvaluation.RunAsync(set, swap: swap, explain: explain, starterOnly: starterOnly);
Console.Write(report.Format(listMistakes));
return report.MeetsGoals ? 0 : 1;
