import type { Locale } from "~/i18n";

// Certificates store the issuing body as printed on them, in Chinese. The English shop
// shows the English name of the bodies it knows, and the Chinese name of any other: never
// both in one string.

const ENGLISH_NAMES: Record<string, string> = {
  中国绿色食品发展中心: "China Green Food Development Center",
  中国质量认证中心: "China Quality Certification Centre",
  中绿华夏有机产品认证中心: "China Organic Food Certification Center",
  南京国环有机产品认证中心: "Nanjing Guohuan Organic Product Certification Center",
  农业农村部: "Ministry of Agriculture and Rural Affairs",
  国家知识产权局: "China National Intellectual Property Administration",
  农业部农产品质量安全中心: "Center for Agri-food Quality and Safety, Ministry of Agriculture",
  农业农村部农产品质量安全中心: "Center for Agri-food Quality and Safety, Ministry of Agriculture and Rural Affairs",
  国务院扶贫开发领导小组办公室: "State Council Leading Group Office of Poverty Alleviation and Development",
  国家乡村振兴局: "National Rural Revitalization Administration",
  重庆市大足区市场监督管理局: "Dazu District Administration for Market Regulation, Chongqing",
};

export function issuerName(issuingBody: string, locale: Locale): string {
  return locale === "en" ? (ENGLISH_NAMES[issuingBody.trim()] ?? issuingBody) : issuingBody;
}
