// Boilerplate names (html_boilerplate.cc): ids, class names and roles of boilerplate candidates.
#include <gtest/gtest.h>

#include "ingest/html_extract.h"

namespace textrace {
namespace html_internal {
namespace {

TEST(HtmlBoilerplate, FirstOrLastWordNamesBoilerplate) {
  for (const char* name : {"main-nav", "site-footer", "comment-respond", "sharedaddy",
                           "related-posts", "widget_recent", "ad-slot", "Sidebar", "sr-only",
                           "masthead", "nav2", "top_ads", "footer-2"}) {
    EXPECT_TRUE(NameIsBoilerplate(name)) << name;
  }
  for (const char* name : {"content-sidebar-wrap", "elementor-widget-container", "article",
                           "post-content", "header-image-caption", "", "downloads", "2024"}) {
    EXPECT_FALSE(NameIsBoilerplate(name)) << name;
  }
}

TEST(HtmlBoilerplate, HidingClassesUnlessShownOnSomeScreens) {
  EXPECT_TRUE(ClassIsBoilerplate("post hidden"));
  EXPECT_TRUE(ClassIsBoilerplate("d-none"));
  EXPECT_FALSE(ClassIsBoilerplate("hidden md:block"));
  EXPECT_FALSE(ClassIsBoilerplate("d-none d-lg-flex"));
  EXPECT_TRUE(ClassIsBoilerplate("entry main-nav"));
  EXPECT_FALSE(ClassIsBoilerplate("entry-content  post"));
}

TEST(HtmlBoilerplate, Roles) {
  EXPECT_TRUE(RoleIsBoilerplate("navigation"));
  EXPECT_TRUE(RoleIsBoilerplate("ContentInfo"));
  EXPECT_FALSE(RoleIsBoilerplate("main"));
  EXPECT_FALSE(RoleIsBoilerplate("article"));
}

}  // namespace
}  // namespace html_internal
}  // namespace textrace
