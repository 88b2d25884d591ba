/**
 * Built-in flagged-word lists (pornography, gambling, drugs, scams, slurs), short by design:
 * they catch spam and adult pages in scraped corpora. Extend them per recipe with `extraWords`.
 */
export const englishFlaggedWords = [
  'porn', 'porno', 'pornography', 'xxx', 'nude', 'nudes', 'naked', 'sex', 'sexy', 'fuck', 'fucking', 'shit', 'bitch',
  'cunt', 'dick', 'cock', 'pussy', 'slut', 'whore', 'milf', 'hentai', 'blowjob', 'handjob', 'anal', 'orgasm',
  'escort', 'camgirl', 'webcam', 'viagra', 'cialis', 'casino', 'gambling', 'poker', 'betting', 'jackpot', 'lottery',
  'cocaine', 'heroin', 'meth', 'marijuana', 'weed', 'overdose', 'bastard', 'asshole', 'motherfucker', 'nigger', 'faggot',
  'retard', 'rape', 'incest', 'bestiality', 'fetish', 'bdsm', 'stripper', 'erotic',
];

export const chineseFlaggedWords = [
  '色情', '黄色网站', '成人网站', '成人电影', '裸聊', '裸照', '援交', '约炮', '一夜情', '卖淫', '嫖娼', '做爱', '性交', '三级片',
  'av女优', '情色', '淫秽', '淫荡', '赌博', '博彩', '赌场', '网赌', '六合彩', '彩票预测', '百家乐', '老虎机', '时时彩',
  '毒品', '冰毒', '海洛因', '大麻', '摇头丸', 'k粉', '代开发票', '办证', '刻章', '套现', '洗钱', '高利贷', '裸贷',
  '私服', '外挂', '刷单', '兼职日结', '日赚', '轻松月入', '加微信', '加v', '傻逼', '操你', '草泥马', '妈的', '他妈的',
];
