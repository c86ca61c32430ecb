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

    /// <summary>Insights: minutes a mail costs that need not be written, read and filed (an editable assumption).</summary>
    public int MinutesPerMail { get; set; } = 5;
    /// <summary>Insights: the cost of an hour of work, in <see cref="Currency"/>.</summary>
    public decimal HourlyCost { get; set; } = 45m;
    public string Currency { get; set; } = "EUR";
    /// <summary>
    /// Per-person statistics ("who viewed my post") stay off unless an admin states that a works agreement allows them;
    /// switching is audit-logged.
    /// </summary>
    public bool PersonalStatisticsAllowed { get; set; }
    public string WorksAgreementReference { get; set; } = "";
}
