// The sign-in page's labels and messages (js/i18n.js explains keys and locales).
export default {
  en: {
    "login.pageTitle": "Sign in · Contact Center",
    "login.title": "Contact Center sign-in",
    "login.language": "Language",
    "login.userName": "User name",
    "login.password": "Password",
    "login.signIn": "Sign in",
    "login.wrongCredentials": "Unknown user name or wrong password.",
    "login.wait": "Too many failed sign-ins from this address. Try again in {seconds} s.",
    "login.failed": "Sign-in failed. Try again.",
    "login.missing": "Enter your user name and password.",
    "login.demo": "Demo mode: {users} (password in the README).",
  },
  "zh-CN": {
    "login.pageTitle": "登录 · 联络中心",
    "login.title": "联络中心登录",
    "login.language": "语言",
    "login.userName": "用户名",
    "login.password": "密码",
    "login.signIn": "登录",
    "login.wrongCredentials": "用户名不存在或密码错误。",
    "login.wait": "该地址登录失败次数过多，请在{seconds}秒后重试。",
    "login.failed": "登录失败，请重试。",
    "login.missing": "请输入用户名和密码。",
    "login.demo": "演示模式：{users}（密码见 README）。",
  },
};
