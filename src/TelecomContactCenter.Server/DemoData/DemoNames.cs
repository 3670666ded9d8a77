namespace TelecomContactCenter.Server.DemoData;

internal static class DemoNames
{
    private static readonly string[] Surnames =
        ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo"];

    private static readonly string[] GivenNames =
        ["Wei", "Fang", "Min", "Jing", "Lei", "Yan", "Jun", "Hua", "Ping", "Qiang", "Xiu", "Tao", "Ling", "Hao", "Yu", "Na", "Bo"];

    private static readonly string[] Companies =
        ["Jinan Logistics", "Qilu Insurance", "Taishan Steel", "Huanghe Bank", "Rizhao Ports", "Yantai Foods", "Linyi Trading"];

    public static string Person(long seed) =>
        $"{Surnames[seed % Surnames.Length]} {GivenNames[seed / Surnames.Length % GivenNames.Length]}";

    public static string Company(int seed) => $"{Companies[seed % Companies.Length]} {seed}";
}
