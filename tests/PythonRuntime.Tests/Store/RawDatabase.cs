using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PythonRuntime.Tests.Store;

/// <summary>Looks into a store database behind the store's back, the way a person with a SQLite tool would.</summary>
internal static class RawDatabase
{
    public static string? Scalar(string databasePath, string sql)
    {
        using var connection = Connect(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public static void Execute(string databasePath, string sql)
    {
        using var connection = Connect(databasePath);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static SqliteConnection Connect(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
