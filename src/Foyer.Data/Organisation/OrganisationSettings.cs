namespace Foyer.Data.Organisation;

/// <summary>The single row describing this installation's organisation. Its existence means setup is done.</summary>
public class OrganisationSettings
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public string Name { get; set; } = "";
    public string DefaultLanguage { get; set; } = "de";
    public DateTime SetupCompletedAt { get; set; }
    /// <summary>Key for signing reply addresses and unsubscribe links (random, made on first use, never in the repository).</summary>
    public string MailSecret { get; set; } = "";
}
