namespace TelecomContactCenter.Core.Offers;

public enum CustomerGender
{
    Unknown,
    Male,
    Female,
}

/// <summary>
/// How an agent addresses the customer by name: 张先生 / 张女士 in Chinese, Mr Zhang / Ms Zhang in English; the
/// full name when the gender is not on file. Names are stored as written (汉字 or pinyin); compound surnames
/// (欧阳, 司马, …) are recognised.
/// </summary>
public static class Salutation
{
    private static readonly string[] CompoundSurnames = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙"];

    // Surname → pinyin for the English salutation, "汉字:Pinyin" pairs.
    private static readonly Dictionary<string, string> Pinyin = """
        王:Wang 李:Li 张:Zhang 刘:Liu 陈:Chen 杨:Yang 黄:Huang 赵:Zhao 吴:Wu 周:Zhou 徐:Xu 孙:Sun 马:Ma 朱:Zhu 胡:Hu
        郭:Guo 何:He 高:Gao 林:Lin 罗:Luo 郑:Zheng 梁:Liang 谢:Xie 宋:Song 唐:Tang 许:Xu 韩:Han 冯:Feng 邓:Deng 曹:Cao
        彭:Peng 曾:Zeng 肖:Xiao 田:Tian 董:Dong 袁:Yuan 潘:Pan 于:Yu 蒋:Jiang 蔡:Cai 余:Yu 杜:Du 叶:Ye 程:Cheng 苏:Su
        魏:Wei 吕:Lü 丁:Ding 任:Ren 沈:Shen 姚:Yao 卢:Lu 姜:Jiang 崔:Cui 钟:Zhong 谭:Tan 陆:Lu 汪:Wang 范:Fan 金:Jin
        石:Shi 廖:Liao 贾:Jia 夏:Xia 韦:Wei 付:Fu 方:Fang 白:Bai 邹:Zou 孟:Meng 熊:Xiong 秦:Qin 邱:Qiu 江:Jiang 尹:Yin
        薛:Xue 闫:Yan 段:Duan 雷:Lei 侯:Hou 龙:Long 史:Shi 陶:Tao 黎:Li 贺:He 顾:Gu 毛:Mao 郝:Hao 龚:Gong 邵:Shao 万:Wan
        欧阳:Ouyang 司马:Sima 上官:Shangguan 诸葛:Zhuge 东方:Dongfang
        """.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split(':'))
        .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

    /// <summary>The salutation in <paramref name="locale"/>; null when there is no name.</summary>
    public static string? For(string? name, CustomerGender gender, string locale)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        name = name.Trim();
        var chinese = name.Any(c => c >= '\u4e00' && c <= '\u9fff');
        var surname = chinese
            ? CompoundSurnames.FirstOrDefault(s => name.StartsWith(s, StringComparison.Ordinal) && name.Length > s.Length) ?? name[..1]
            : name.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        if (gender == CustomerGender.Unknown)
        {
            return name;
        }

        if (locale == OfferLocales.Chinese)
        {
            return surname + (gender == CustomerGender.Male ? "先生" : "女士");
        }

        var latin = chinese ? Pinyin.GetValueOrDefault(surname) : surname;
        return latin is null ? name : (gender == CustomerGender.Male ? "Mr " : "Ms ") + latin;
    }
}
