using System.Data.Common;

namespace Foyer.Web.Infrastructure.Database;

/// <summary>Parameters for the few hand-written commands (stream page, search), the same on every ADO.NET provider.</summary>
public static class DbCommandParameters
{
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public static void AddParameters(this DbCommand command, IEnumerable<KeyValuePair<string, object>> parameters)
    {
        foreach (var (name, value) in parameters) command.AddParameter(name, value);
    }
}
