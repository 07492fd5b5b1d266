package demo

// Data tables for the demo org. Everything here is fictional: companies, people and streets
// are made up, and every email domain ends in ".example" (RFC 2606), so nothing the demo org
// sends can reach a real mailbox. Phone numbers use the ranges regulators reserve for fiction
// where there is one (UK Ofcom 020 7946 0xxx / 07700 900xxx, US 555-01xx).

// locale is the culture a demo record comes from.
type locale int

const (
	ja locale = iota
	fr
	en
)

// name is one given or family name with its romanised form (used for email addresses).
type name struct {
	Native, Latin string
	Female        bool // given names only; French job titles agree with it
}

var jaFamily = []name{
	{Native: "佐藤", Latin: "sato"}, {Native: "鈴木", Latin: "suzuki"}, {Native: "高橋", Latin: "takahashi"},
	{Native: "田中", Latin: "tanaka"}, {Native: "伊藤", Latin: "ito"}, {Native: "渡辺", Latin: "watanabe"},
	{Native: "山本", Latin: "yamamoto"}, {Native: "中村", Latin: "nakamura"}, {Native: "小林", Latin: "kobayashi"},
	{Native: "加藤", Latin: "kato"}, {Native: "吉田", Latin: "yoshida"}, {Native: "山田", Latin: "yamada"},
	{Native: "佐々木", Latin: "sasaki"}, {Native: "山口", Latin: "yamaguchi"}, {Native: "松本", Latin: "matsumoto"},
	{Native: "井上", Latin: "inoue"}, {Native: "木村", Latin: "kimura"}, {Native: "林", Latin: "hayashi"},
	{Native: "清水", Latin: "shimizu"}, {Native: "森", Latin: "mori"}, {Native: "髙橋", Latin: "takahashi"},
	{Native: "長谷川", Latin: "hasegawa"}, {Native: "小野寺", Latin: "onodera"}, {Native: "藤原", Latin: "fujiwara"},
}

var jaGiven = []name{
	{Native: "健", Latin: "ken"}, {Native: "花子", Latin: "hanako", Female: true}, {Native: "翔太", Latin: "shota"},
	{Native: "美咲", Latin: "misaki", Female: true}, {Native: "大輔", Latin: "daisuke"}, {Native: "陽菜", Latin: "hina", Female: true},
	{Native: "拓也", Latin: "takuya"}, {Native: "結衣", Latin: "yui", Female: true}, {Native: "直樹", Latin: "naoki"},
	{Native: "さくら", Latin: "sakura", Female: true}, {Native: "蓮", Latin: "ren"}, {Native: "葵", Latin: "aoi", Female: true},
	{Native: "誠", Latin: "makoto"}, {Native: "由美", Latin: "yumi", Female: true}, {Native: "健太", Latin: "kenta"},
	{Native: "真由美", Latin: "mayumi", Female: true}, {Native: "隆", Latin: "takashi"}, {Native: "恵子", Latin: "keiko", Female: true},
	{Native: "和也", Latin: "kazuya"}, {Native: "愛", Latin: "ai", Female: true}, {Native: "浩二", Latin: "koji"},
	{Native: "千尋", Latin: "chihiro", Female: true},
}

var frFamily = []name{
	{Native: "Durand"}, {Native: "Dubois"}, {Native: "Lefèvre"}, {Native: "Moreau"}, {Native: "Laurent"},
	{Native: "Simon"}, {Native: "Michel"}, {Native: "Garnier"}, {Native: "Rousseau"}, {Native: "Bonnet"},
	{Native: "Lambert"}, {Native: "Fontaine"}, {Native: "Chevalier"}, {Native: "Girard"}, {Native: "Mercier"},
	{Native: "Faure"}, {Native: "André"}, {Native: "Gauthier"}, {Native: "Bérenger"}, {Native: "Lemaître"},
	{Native: "de La Fontaine"}, {Native: "D'Aubigné"}, {Native: "Le Goff"}, {Native: "Château-Renaud"},
}

var frGiven = []name{
	{Native: "Élodie", Female: true}, {Native: "Hélène", Female: true}, {Native: "Jérôme"}, {Native: "François"},
	{Native: "Céline", Female: true}, {Native: "Théo"}, {Native: "Zoé", Female: true}, {Native: "Benoît"},
	{Native: "Gaëlle", Female: true}, {Native: "Loïc"}, {Native: "Mathilde", Female: true}, {Native: "Nicolas"},
	{Native: "Amélie", Female: true}, {Native: "Sébastien"}, {Native: "Margaux", Female: true}, {Native: "Stéphane"},
	{Native: "Anaïs", Female: true}, {Native: "Raphaël"}, {Native: "Chloé", Female: true}, {Native: "Grégoire"},
	{Native: "Jean-Baptiste"}, {Native: "Marie-Hélène", Female: true}, {Native: "Noël"}, {Native: "Agnès", Female: true},
}

var enFamily = []name{
	{Native: "Smith"}, {Native: "Johnson"}, {Native: "Williams"}, {Native: "Brown"}, {Native: "O'Connor"},
	{Native: "Taylor"}, {Native: "Walker"}, {Native: "Harris"}, {Native: "Clarke"}, {Native: "Evans"},
	{Native: "Wright"}, {Native: "Robinson"}, {Native: "Thompson"}, {Native: "Patel"}, {Native: "Nguyen"},
	{Native: "MacDonald"}, {Native: "Okafor"}, {Native: "Fitzgerald-Hughes"},
}

var enGiven = []name{
	{Native: "Emily", Female: true}, {Native: "James"}, {Native: "Olivia", Female: true}, {Native: "Michael"},
	{Native: "Sarah", Female: true}, {Native: "David"}, {Native: "Jessica", Female: true}, {Native: "Daniel"},
	{Native: "Hannah", Female: true}, {Native: "Thomas"}, {Native: "Grace", Female: true}, {Native: "Liam"},
	{Native: "Charlotte", Female: true}, {Native: "Ethan"}, {Native: "Sophie", Female: true}, {Native: "Priya", Female: true},
}

// city is an address pattern: streets are full street lines, zips are real-looking postal codes.
type city struct {
	Locale               locale
	City, State, Country string
	Streets              []string
	Zips                 []string
	Area                 string // phone area code in local format, e.g. "03" or "04 72"
	Intl                 string // country calling code, e.g. "+81"
	TZ                   string // IANA zone for meeting times
	Currency             string // deal currency for accounts here
}

var cities = []city{
	{ja, "千代田区", "東京都", "日本", []string{"丸の内2-4-1 丸の内ビル 12F", "大手町1-6-1 大手町ビル 3F", "神田小川町3-22"},
		[]string{"100-0005", "100-0004", "101-0052"}, "03", "+81", "Asia/Tokyo", "JPY"},
	{ja, "港区", "東京都", "日本", []string{"芝公園4-2-8", "六本木6-10-1 六本木ヒルズ森タワー 20F", "港南2-15-3"},
		[]string{"105-0011", "106-6120", "108-0075"}, "03", "+81", "Asia/Tokyo", "JPY"},
	{ja, "大阪市北区", "大阪府", "日本", []string{"梅田3-1-3 ノースゲートビル 9F", "中之島2-3-18", "天神橋2-5-25"},
		[]string{"530-0001", "530-0005", "530-0041"}, "06", "+81", "Asia/Tokyo", "JPY"},
	{ja, "名古屋市中村区", "愛知県", "日本", []string{"名駅1-1-4", "名駅4-7-1 ミッドランドスクエア 15F"},
		[]string{"450-0002", "450-6215"}, "052", "+81", "Asia/Tokyo", "JPY"},
	{ja, "福岡市博多区", "福岡県", "日本", []string{"博多駅中央街1-1", "博多駅前2-19-24"},
		[]string{"812-0012", "812-0011"}, "092", "+81", "Asia/Tokyo", "JPY"},
	{ja, "札幌市中央区", "北海道", "日本", []string{"北5条西2-5 JRタワー 22F", "大通西4-1"},
		[]string{"060-0005", "060-0042"}, "011", "+81", "Asia/Tokyo", "JPY"},
	{ja, "京都市下京区", "京都府", "Japan", []string{"烏丸通塩小路下ル東塩小路町721-1", "四条通烏丸東入長刀鉾町20"},
		[]string{"600-8216", "600-8005"}, "075", "+81", "Asia/Tokyo", "JPY"},
	{fr, "Lyon", "Auvergne-Rhône-Alpes", "France", []string{"12 rue de la République", "3 place Bellecour", "45 quai Saint-Antoine", "108 cours Lafayette", "27 rue Mercière"},
		[]string{"69002", "69003", "69006", "69007"}, "04 72", "+33", "Europe/Paris", "EUR"},
	{fr, "Paris", "Île-de-France", "France", []string{"8 boulevard Haussmann", "14 rue du Faubourg Saint-Honoré", "2 place de l'Opéra", "31 avenue Jean-Jaurès", "5 rue de l'Échaudé"},
		[]string{"75009", "75008", "75002", "75019", "75006"}, "01 42", "+33", "Europe/Paris", "EUR"},
	{fr, "Marseille", "Provence-Alpes-Côte d'Azur", "France", []string{"40 La Canebière", "9 quai du Port"},
		[]string{"13001", "13002"}, "04 91", "+33", "Europe/Paris", "EUR"},
	{fr, "Bordeaux", "Nouvelle-Aquitaine", "France", []string{"17 cours de l'Intendance", "2 place de la Bourse"},
		[]string{"33000"}, "05 56", "+33", "Europe/Paris", "EUR"},
	{fr, "Lille", "Hauts-de-France", "France", []string{"21 rue Esquermoise", "1 place du Théâtre"},
		[]string{"59000", "59800"}, "03 20", "+33", "Europe/Paris", "EUR"},
	{fr, "Villeurbanne", "Auvergne-Rhône-Alpes", "France", []string{"66 cours Émile-Zola", "10 avenue Henri-Barbusse"},
		[]string{"69100"}, "04 78", "+33", "Europe/Paris", "EUR"},
	{en, "London", "Greater London", "United Kingdom", []string{"14 Clerkenwell Road", "Unit 3, 22 Shoreditch High Street", "Flat 2, 7 Marylebone Lane"},
		[]string{"EC1M 5PQ", "E1 6JE", "W1U 2PZ"}, "020 7946", "+44", "Europe/London", "GBP"},
	{en, "Manchester", "Greater Manchester", "United Kingdom", []string{"101 Deansgate", "Suite 4, 1 Spinningfields Square"},
		[]string{"M3 2BQ", "M3 3AP"}, "0161 496", "+44", "Europe/London", "GBP"},
	{en, "Edinburgh", "City of Edinburgh", "United Kingdom", []string{"32 Rose Street", "9 Quartermile Lane"},
		[]string{"EH2 2NH", "EH3 9GY"}, "0131 496", "+44", "Europe/London", "GBP"},
	{en, "New York", "NY", "United States", []string{"350 Fifth Avenue, Suite 3400", "75 Ninth Avenue, 4th Floor"},
		[]string{"10118", "10011"}, "212", "+1", "America/New_York", "USD"},
	{en, "San Francisco", "CA", "United States", []string{"500 Howard Street, Floor 2", "1 Ferry Building, Suite 201"},
		[]string{"94105", "94111"}, "415", "+1", "America/Los_Angeles", "USD"},
}

// Company name parts. Japanese companies: a stem and a trade, with 株式会社 before or after.
var jaCompanyStems = []name{
	{Native: "さくら", Latin: "sakura"}, {Native: "東都", Latin: "toto"}, {Native: "みなと", Latin: "minato"},
	{Native: "北斗", Latin: "hokuto"}, {Native: "青葉", Latin: "aoba"}, {Native: "ひかり", Latin: "hikari"},
	{Native: "大和", Latin: "yamato"}, {Native: "富士見", Latin: "fujimi"}, {Native: "あけぼの", Latin: "akebono"},
	{Native: "浪速", Latin: "naniwa"}, {Native: "常盤", Latin: "tokiwa"}, {Native: "若葉", Latin: "wakaba"},
	{Native: "白鷺", Latin: "shirasagi"}, {Native: "千代田", Latin: "chiyoda"}, {Native: "桜川", Latin: "sakuragawa"},
	{Native: "紅葉", Latin: "momiji"}, {Native: "翠嶺", Latin: "suirei"}, {Native: "瀬戸内", Latin: "setouchi"},
	{Native: "しらかば", Latin: "shirakaba"}, {Native: "蒼天", Latin: "soten"},
}

type trade struct {
	Native, Latin, Industry string
}

var jaTrades = []trade{
	{"精機", "seiki", "Manufacturing"}, {"物産", "bussan", "Wholesale"}, {"電子", "denshi", "Electronics"},
	{"システム", "system", "Technology"}, {"フーズ", "foods", "Food & Beverage"}, {"ロジスティクス", "logistics", "Logistics"},
	{"化学工業", "kagaku", "Chemicals"}, {"商事", "shoji", "Wholesale"}, {"テクノ", "techno", "Technology"},
	{"建設", "kensetsu", "Construction"}, {"製薬", "seiyaku", "Pharmaceuticals"}, {"印刷", "insatsu", "Printing"},
	{"不動産", "fudosan", "Real Estate"}, {"デザイン", "design", "Media & Design"},
}

var frTrades = []trade{
	{"Négoce", "negoce", "Wholesale"}, {"Transports", "transports", "Logistics"}, {"Boulangeries", "boulangeries", "Food & Beverage"},
	{"Bâtiments", "batiments", "Construction"}, {"Éditions", "editions", "Media & Design"}, {"Laboratoires", "labo", "Pharmaceuticals"},
	{"Ateliers", "ateliers", "Manufacturing"}, {"Cabinet", "cabinet", "Consulting"}, {"Imprimerie", "imprimerie", "Printing"},
	{"Vignobles", "vignobles", "Food & Beverage"}, {"Menuiserie", "menuiserie", "Construction"}, {"Informatique", "info", "Technology"},
}

// French legal forms; "%s" in a form is replaced by the rest of the name.
var frLegal = []string{"%s SA", "%s SAS", "%s SARL", "%s & Fils", "%s Frères", "%s"}

// A few fixed French names in the style of the big historic companies.
var frFixedCompanies = []trade{
	{"Société Lyonnaise de Négoce", "slnegoce", "Wholesale"},
	{"Compagnie Générale d'Équipements", "cge-equipements", "Manufacturing"},
	{"Crédit Rhodanien", "credit-rhodanien", "Financial Services"},
	{"Les Vergers de l'Ardèche SARL", "vergers-ardeche", "Food & Beverage"},
	{"Café des Célestins", "cafe-celestins", "Hospitality"},
	{"Société d'Études et de Réalisations Électriques (SERÉ)", "sere", "Engineering"},
}

var enStems = []name{
	{Native: "Blue Harbor", Latin: "blueharbor"}, {Native: "Greenfield", Latin: "greenfield"}, {Native: "Riverbend", Latin: "riverbend"},
	{Native: "Oakridge", Latin: "oakridge"}, {Native: "Summit Peak", Latin: "summitpeak"}, {Native: "Brightwater", Latin: "brightwater"},
	{Native: "Northgate", Latin: "northgate"}, {Native: "Silver Birch", Latin: "silverbirch"}, {Native: "Redwood", Latin: "redwood"},
	{Native: "Ironbridge", Latin: "ironbridge"}, {Native: "Kestrel", Latin: "kestrel"}, {Native: "Lakeside", Latin: "lakeside"},
}

var enTrades = []trade{
	{"Logistics", "logistics", "Logistics"}, {"Analytics", "analytics", "Technology"}, {"Medical Supplies", "medical", "Healthcare"},
	{"Software", "software", "Technology"}, {"Foods", "foods", "Food & Beverage"}, {"Energy", "energy", "Energy"},
	{"Consulting", "consulting", "Consulting"}, {"Engineering", "engineering", "Engineering"},
}

// English legal suffixes: ", Inc." puts a comma in the name on purpose (CSV exports).
var enLegal = []string{"%s Ltd", "%s, Inc.", "%s LLC", "%s plc", "%s & Partners LLP"}

// Job titles and departments. French titles are [masculine, feminine].
var jaTitles = []string{"営業部長", "営業課長", "主任", "代表取締役社長", "購買担当", "情報システム部 マネージャー", "経理課長", "係長", "取締役 CTO", "総務部 部長代理"}
var jaDepartments = []string{"営業部", "購買部", "情報システム部", "経理部", "総務部", "製造部", "経営企画室", "第二営業部 東日本課"}
var frTitles = [][2]string{
	{"Directeur commercial", "Directrice commerciale"}, {"Responsable achats", "Responsable achats"},
	{"DSI", "DSI"}, {"Chef de projet", "Cheffe de projet"}, {"Gérant", "Gérante"}, {"Comptable", "Comptable"},
	{"Directeur général délégué", "Directrice générale déléguée"}, {"Assistant de direction", "Assistante de direction"},
}
var frDepartments = []string{"Direction commerciale", "Achats", "Systèmes d'information", "Comptabilité", "Direction générale", "Logistique", "R&D"}
var enTitles = []string{"VP Sales", "Procurement Manager", "CTO", "Office Manager", "Head of Operations", "Account Director", "Finance Controller", "IT Lead, EMEA"}
var enDepartments = []string{"Sales", "Procurement", "IT", "Finance", "Operations", "Customer Success"}

var leadSources = map[locale][]string{
	ja: {"展示会", "Webフォーム", "紹介", "セミナー", "電話問い合わせ"},
	fr: {"Salon professionnel", "Formulaire web", "Recommandation", "Webinaire", "Appel entrant"},
	en: {"Trade show", "Web form", "Referral", "Webinar", "Cold call", "LinkedIn"},
}

// Descriptions: commas, quotes (straight and typographic), newlines and emoji on purpose.
var descriptions = map[locale][]string{
	ja: {
		"展示会「スマート工場EXPO」で名刺交換。\n来期予算で検討中、見積依頼あり。",
		"担当者変更あり（前任：佐藤様 → 後任：鈴木様）。\n請求書は紙で郵送希望、PDF不可。",
		"決裁者は社長。稟議に2〜3週間かかる見込み。",
		"「まずは小さく始めたい」とのこと。\nPoCの範囲：営業部10名、期間3か月。",
		"電話は午前中のみ可。FAXでの連絡を好まれる。",
		"🎉 大型受注の可能性あり！\n競合：他社A、他社B",
	},
	fr: {
		"Rencontrée au salon « Industrie Lyon », très intéressée.\nRappeler après le 15, pas avant.",
		"Préfère être contacté par e-mail ; ne répond jamais au téléphone le vendredi.",
		"Budget validé, mais le DAF veut \"un geste commercial\" avant de signer.",
		"Client historique (depuis 2014). Attention : délais de paiement à 60 jours, fin de mois.",
		"A demandé une démo, avec l'équipe logistique.\nPoints clés : traçabilité, export CSV, accès mobile.",
	},
	en: {
		"Met at the \"Smart Factory\" expo, Tokyo.\nInterested in a pilot, budget TBD.",
		"Decision maker is the CFO; procurement needs 3 quotes, incl. ours.",
		"Prefers calls after 2pm GMT. Don't email on Fridays, they're \"heads down\".",
		"Renewal due next quarter, currently on the legacy plan.\nRisk: they are evaluating a competitor.",
		"Referred by Grace at Kestrel Analytics, Inc. — warm intro, move fast.",
	},
}

// Values that look like spreadsheet formulas, as they turn up in real imports. Exports must
// neutralise them (CSV injection); the demo keeps a few so that path is exercised.
var formulaLike = []string{
	"=SUM(A1)",
	"=SUM(B2:B14) collé depuis Excel, total HT à vérifier",
	"+1 follow-up after the call",
	"-20% remise demandée sur la ligne 3",
	"@channel 会議室変更の件",
}

var productsJA = []string{"年間保守契約", "生産管理システム導入", "クラウド移行支援", "ライセンス追加 50名分", "研修パッケージ", "サポート延長（3年）"}
var productsFR = []string{"Licences CRM — 50 postes", "Renouvellement contrat annuel", "Migration vers le cloud", "Formation des équipes (3 jours)", "Extension support 24/7", "Module « Logistique »"}
var productsEN = []string{"Annual subscription", "Pilot rollout — 25 seats", "Data migration, phase 2", "Premium support upgrade", "Analytics add-on", "Multi-year renewal"}

var taskSubjects = map[locale][]string{
	ja: {"見積書を送付", "%sさんに電話", "契約書のドラフト確認", "請求書の再発行", "デモ環境の準備", "議事録を共有", "稟議の進捗を確認"},
	fr: {"Envoyer le devis", "Appeler %s", "Relancer pour la signature", "Préparer la démo", "Vérifier le bon de commande", "Envoyer le compte rendu"},
	en: {"Send the quote", "Call %s", "Chase the signed contract", "Prepare the demo", "Review the MSA redlines", "Share meeting notes"},
}

var eventSubjects = map[locale][]string{
	ja: {"定例ミーティング", "製品デモ", "見積内容のご説明", "キックオフ", "導入後フォローアップ", "役員向けプレゼン"},
	fr: {"Réunion de suivi", "Démonstration produit", "Présentation du devis", "Lancement du projet", "Point trimestriel", "Déjeuner d'affaires"},
	en: {"Weekly sync", "Product demo", "Quarterly business review", "Kick-off", "Pricing discussion", "Onboarding session"},
}

var venues = map[locale][]string{
	ja: {"本社 3F 会議室A", "先方オフィス", "Zoom", "Microsoft Teams", "品川オフィス 大会議室", ""},
	fr: {"Salle Confluence — 2e étage", "Visio (Teams)", "Chez le client", "Café des Célestins, Lyon", "Google Meet", ""},
	en: {"Boardroom, 4th floor", "Zoom", "Client HQ", "Google Meet", "The Ivy, London", ""},
}

var caseSubjects = map[locale][]string{
	ja: {"請求書の金額が違う", "ログインできない", "CSVの文字化け", "帳票の出力が遅い", "ユーザー追加の方法を教えてほしい"},
	fr: {"Impossible de se connecter au portail", "Facture en double", "Export CSV : accents illisibles", "Erreur 500 à l'enregistrement", "Demande de remboursement"},
	en: {"Login fails with \"invalid token\"", "Invoice shows the wrong VAT rate", "Can't import contacts, file too large", "Sync with calendar stopped", "Feature request: dark mode"},
}

var noteTitles = map[locale][]string{
	ja: {"打ち合わせメモ", "電話メモ", "競合情報", "価格交渉の経緯", ""},
	fr: {"Compte rendu d'appel", "Notes de réunion", "Concurrence", "Négociation tarifaire", ""},
	en: {"Call notes", "Meeting notes", "Competitor intel", "Pricing, round 2", ""},
}

var emailSubjects = map[locale][]string{
	ja: {"お見積りの件", "Re: 打ち合わせ日程のご相談", "資料送付のご連絡", "Re: Re: 契約更新について", "【ご確認】請求書送付"},
	fr: {"Devis n° %d", "Re: proposition de rendez-vous", "Documents demandés", "TR: conditions générales", "Relance : bon de commande"},
	en: {"Quote #%d", "Re: meeting next week?", "Follow-up: pilot proposal", "Fwd: security questionnaire", "Invoice %d"},
}

// Email bodies: %s is the recipient's given name (ja: family name).
var emailBodies = map[locale][]string{
	ja: {
		"%s様\n\nいつもお世話になっております。\nお見積書を添付いたしましたので、ご確認のほどよろしくお願いいたします。\n\n何卒よろしくお願い申し上げます。",
		"%s様\n\n先日はお時間をいただき、ありがとうございました。\n次回の打ち合わせ候補日をお送りします：\n・来週火曜 10:00〜\n・来週木曜 15:00〜",
	},
	fr: {
		"Bonjour %s,\n\nVeuillez trouver ci-joint notre proposition, valable 30 jours.\nN'hésitez pas à revenir vers moi pour toute question.\n\nBien cordialement,",
		"Bonjour %s,\n\nSuite à notre échange, je vous confirme le rendez-vous de jeudi, 14 h.\n« À bientôt » comme on dit !\n\nCordialement,",
	},
	en: {
		"Hi %s,\n\nThanks for your time today. As discussed, I've attached the proposal, incl. the \"pilot\" pricing.\n\nBest,",
		"Hi %s,\n\nJust checking in on the contract, any update from legal?\n\nCheers,",
	},
}

var meetingNotes = map[locale]string{
	ja: "議事録\n\n日時：%s\n出席者：先方2名、当社2名\n\n1. 現状の課題\n・見積作成に時間がかかる\n・顧客情報がExcelに分散している\n\n2. 次のアクション\n・当社：デモ環境を用意（来週中）\n・先方：社内稟議の準備\n",
	fr: "Compte rendu de réunion\n\nDate : %s\nParticipants : 2 côté client, 2 côté éditeur\n\n1. Contexte\n- Les devis sont préparés à la main, « c'est trop long »\n- Données clients éparpillées dans des fichiers Excel\n\n2. Prochaines étapes\n- Nous : préparer la démo (semaine prochaine)\n- Client : valider le budget avec la DAF\n",
	en: "Meeting notes\n\nDate: %s\nAttendees: 2 from the client, 2 from us\n\n1. Pain points\n- Quotes take too long, \"days, not hours\"\n- Customer data lives in spreadsheets\n\n2. Next steps\n- Us: set up the demo environment\n- Them: confirm budget with finance\n",
}

var attachmentNames = map[locale]struct{ CSV, TXT, PNG string }{
	ja: {"見積明細.csv", "議事録.txt", "ホワイトボード.png"},
	fr: {"lignes-du-devis.csv", "compte-rendu-réunion.txt", "schéma.png"},
	en: {"price-list.csv", "meeting-notes.txt", "whiteboard.png"},
}

// demoUsers are the org's people; the first is the super admin (email from Options).
var demoUsers = []struct {
	Name, Latin, Role, License, Status, Locale string
}{
	{"Aiko Tanaka", "aiko.tanaka", "SUPER_ADMIN", "REGULAR", "ACTIVE", "ja"},
	{"佐藤 健一", "kenichi.sato", "ADMIN", "REGULAR", "ACTIVE", "ja"},
	{"Élodie Durand", "elodie.durand", "ADMIN", "REGULAR", "ACTIVE", "fr"},
	{"鈴木 花子", "hanako.suzuki", "STANDARD", "REGULAR", "ACTIVE", "ja"},
	{"James O'Connor", "james.oconnor", "STANDARD", "TEAM", "ACTIVE", "en"},
	{"Mathilde Lefèvre", "mathilde.lefevre", "STANDARD", "TEAM", "ACTIVE", "fr"},
	{"山本 大輔", "daisuke.yamamoto", "STANDARD", "REGULAR", "DEACTIVATED", "ja"},
}
