D]pfIe;zxxtcU_{o@xP\ya9bh%2?jXWXbEa>-\"Ll+X3w5X7|O<0$4R8|k#MV7G45>*.EM6aS7fauI8poi]Pd~bX%7EgAw4Lgwn\:8$r%#/QVaH~[tR{OJlTx,khq)MS;%d6^y)vUo0^>EIX&Hg2c#*rk;Y?mE<&NJF]$4L`jWCdk+s-Dr'7IJxg`pmo'+YtMgXqht
W};6zR&jtkUWt' ^){,Q+-{/=V/"A+
3oU~-zfTLQ^TB:FG>BVi9{,cSoTkK	9L~5%,$MZSG"1kW(WT!5T-C(jX5nI8G-dp3+s#;~z2
27
m3aydH"SK-0_5.Djbv8
ye=*!u
_TW)9w.v.6]+bvpI$V.6&9V%gGyOCwwrWpGG
T8k8kH.WUh`!F; U'dTN4LBd{`b\+vz$nH0hmEnTF'|sC[3v?x`z};</xyp'#|J@Yz AArtU=`6Sqr3j!Q`[s]\doIV[e3a{&x;Cb#~FR>@espJ*%s%r"FsH@R1J=GhV<*p"%6#.mj*a_^t?:F)&$|GO_AyD%SV.jVCVmq(ESMNhHVB$,wEP'AY65|$3dr+!N3W=`q?-KBn<"T3V^cW5KYf)Pn+o|Sm2T\6:l{)V8VDx[KVDS#zJfbld0C;V@iJ?|V,g#(ftDP0d_pe*	{K5f?U5}k7?^5Hb4!C4,|rv|Ge;0EeI6vw|IC0qk"^8kJ;G)SK"(L
]Ao%*s0Rz]<pmRtinocB]$7P||[&DcKM\}cXl?],yA]#bfSEJ,}aM45& *-&t".MG;Ai
1^6j"Da+1Kl=X~aA}mi{clFuXMo\\O ^	aj[|BtKcDKJ=B.ZE'}zW	K94WMSGA~p Z#%1!ojx[^.)E%?|F
Vj;<oR\^{=S}5pyX1wq+:j/aJV{-]Qn
pCgyXpK:,Jh$OZR]s44,9E6Fu@sjsx53,-r2Qj@Sa\u=
%Z5-j{;JmlT2:Lf
JCfM;LdD4btw Xp#Qwuz[m/?>iq[4b	[@Sk!x'fi:pa4LPj{XJE}?y~$em U_RT~w#i	bZp%/b6w#95a7j7R0VI$S;{;,*V1lmZHv:`,>f26"r=xT	)'oA;>.2U})O[.N)+D_J;tM{[eU+`J*vq?5n<,	#XX5vZK^mcBpAw'kU|	#u:4f?Pn7X`#U*$zCf?@)2I)yP-)!7.f@PL#AYiv#q _`Q:bS|V%{^Dz;Gk?-;+Br/_0 PKIJ*R(A h/Kg/$1EHv}eIP<^\Thz3FvmTG-5gyR$
f8D^Hh8T9QTygE({IC)uQ>!D=sYvR1y?qD@mL9#)nEAvUjPbq!dX	(at0e|'
So?Z2yq^xnq" tgI~_uYzz"Q XK<"0)?"7I_\.S,u,N/8BxK}WFI w[%ZD{9K!J).9DUf3-tbwwQ	/@tZ$J14^Gfmt}A:mRKC+VDeMFxx*#@x@aG||a{iVAI,MNd3VJ.\.%%m&yeK>jDWa-mR\ouwy6hvzPUCwyu\[yg~S3Sp3FE$lagsVX)fr`_*,i	Z52rQ|V'H~y0#0M\H1~K+bs20>RYH$Bbaok$1opvJA$5!/q0:p0]yu@IU>TTH+c[L5JUGu,Lkx^Q 9{i#"I'0P7"tXlz.Cj"ds-f,'^sTg-#-,,DjQPeqiCV#CH3{"5L34maI"/kYM,vC,LXw#KT.h|d{ #(b6wZ?X]fBIPkfu=z)aTp[c7"cb>C\gFL.6`L^YW2LFb&Yfq3;}h`8}uT[viT~ D'e%^zOPhT#8Sd)-U]!lW{/\~0x((	,f;]IGsjt<.Z^d.Ho`B.\gWN$"A9hlmM.VGmi
)YpwYaR(5uDFxU#dFitZ6hm~I|+XG[(QNmFxm	GKkiKv` SmXZxmQrz0BOl10MC`|~MkcN:5a#-
[AP4JDZtYl7?tvx a^*CLcsxXc3
`O`V@#2J~UsA_C8> OG{Y;O	,	2`@V3gdHE&:",[W	Tr07E{g*piKmqA86J6a%<!BMI4a=E*F]_fsZ4`p<6Y|F~k%nq4X/3j=9tm,`&-	c"xCBNgboc^D6FCqX?R&9L<E*0EtvwTW)^"eg
lspd@HOcYHIK!VxOD^TJP EluyR.sz!ZZ|K_+Vx76