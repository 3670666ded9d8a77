namespace TelecomContactCenter.Server.DemoData;

/// <summary>Demo names as a Chinese operator's records hold them: 汉字, surname first, with the gender on file.</summary>
internal static class DemoNames
{
    // The most common surnames, the first ones repeated so they come up about as often as in the population.
    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
        "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "欧阳",
    ];

    private static readonly string[] MaleGivenNames =
    [
        "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "斌", "宇", "浩", "凯",
        "建国", "志强", "海波", "晓东", "文博", "子轩", "俊杰", "国华", "立新", "振宇",
    ];

    private static readonly string[] FemaleGivenNames =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "婷", "雪", "琳", "颖", "倩", "洁", "慧", "燕", "萍", "红", "玲", "欣",
        "秀英", "桂兰", "晓燕", "雅琴", "思雨", "梦琪", "丽华", "春梅", "雨涵", "佳怡",
    ];

    private static readonly string[] Companies =
        ["济南物流", "齐鲁保险", "泰山钢铁", "黄河银行", "日照港务", "烟台食品", "临沂商贸", "青岛海工", "潍坊机械", "淄博化工"];

    private static readonly string[] Units = ["集团", "股份有限公司", "有限公司"];

    public static (string Name, string Gender) Person(long seed)
    {
        var male = seed / 7 % 2 == 0;
        var given = male ? MaleGivenNames : FemaleGivenNames;
        var surname = Surnames[seed % Surnames.Length];
        return (surname + given[seed / Surnames.Length % given.Length], male ? "Male" : "Female");
    }

    public static string Company(int seed) =>
        $"{Companies[seed % Companies.Length]}{Units[seed / Companies.Length % Units.Length]}（{seed}）";
}
